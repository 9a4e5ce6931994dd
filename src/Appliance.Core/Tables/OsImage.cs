namespace Appliance.Core.Tables;

/// <summary>An osimage: which staged WinPE boots it, its answer-file template and scripts; all keys in <see cref="Attributes"/>.</summary>
public sealed class OsImage
{
    public required string Name { get; init; }
    /// <summary>The WinPE name: its files are staged under <c>winboot/&lt;WinPe&gt;/</c> of the TFTP root.</summary>
    public required string WinPe { get; init; }
    public string? Template { get; init; }
    public string? ProductKey { get; init; }
    public string? Postscripts { get; init; }
    public string? Postbootscripts { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }

    /// <summary>The record-file form of the WinPE folder, as xCAT writes it: <c>winboot/&lt;name&gt;/</c>.</summary>
    public string WinPePath => $"winboot/{WinPe}/";
}
