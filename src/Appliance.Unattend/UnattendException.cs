namespace Appliance.Unattend;

/// <summary>
/// An answer file, postscript list or WinPE script could not be produced. The message starts with
/// <c>file:line:</c> when a template or table line is to blame, and names the node when there is one.
/// </summary>
public sealed class UnattendException : Exception
{
    public UnattendException(UnattendError reason, string message, string? file = null, int line = 0, string? node = null)
        : base(Format(message, file, line, node))
    {
        Reason = reason;
        File = file;
        Line = line;
        Node = node;
    }

    public UnattendError Reason { get; }

    /// <summary>The template (or table) file to blame, if any.</summary>
    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The node being rendered, if any.</summary>
    public string? Node { get; }

    private static string Format(string message, string? file, int line, string? node)
    {
        var where = file is null ? "" : line > 0 ? $"{file}:{line}: " : $"{file}: ";
        var who = node is null ? "" : $"node {node}: ";
        return where + who + message;
    }
}
