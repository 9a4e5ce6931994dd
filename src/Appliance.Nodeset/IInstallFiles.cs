using Appliance.Core.Tables;

namespace Appliance.Nodeset;

/// <summary>
/// Writes a node's install files (answer file, WinPE start script, postscript list) when it is set to an osimage,
/// and removes nothing when it goes back to local boot (the files stay for inspection, as xCAT leaves them).
/// Returns null on success or the reason the node cannot be set (a missing template or script).
/// </summary>
public interface IInstallFiles
{
    string? Write(Node node, OsImage image);
}
