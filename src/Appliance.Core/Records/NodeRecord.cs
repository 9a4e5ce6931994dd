namespace Appliance.Core.Records;

/// <summary>One record: a node and the WinPE folder (relative to the TFTP root, trailing slash) it boots next.</summary>
public readonly record struct NodeRecord(string Name, string WinPePath)
{
    /// <summary>The WinPE path with a trailing slash, the form xCAT writes and proxydhcpd appends loader names to.</summary>
    public static string NormalizePath(string path) =>
        path.Length == 0 || path[^1] == '/' ? path : path + "/";
}
