namespace Appliance.Core.Tables;

/// <summary>A table line that does not parse or validate; the message reads <c>file:line:column: what was expected, what was seen</c>.</summary>
public sealed class TableFormatException : Exception
{
    public TableFormatException(string file, int line, int column, string detail)
        : base($"{file}:{line}:{column}: {detail}")
    {
        FileName = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    public string FileName { get; }
    public int Line { get; }
    public int Column { get; }
    public string Detail { get; }
}
