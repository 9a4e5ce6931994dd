using Appliance.Core.Paths;
using Appliance.Core.Tables;
using Appliance.Unattend;
using Appliance.Unattend.Install;

namespace Appliance.Nodeset;

/// <summary>
/// The install files nodeset writes per node (xCAT's Windows design): <c>install/autoinst/&lt;node&gt;.xml</c> from the
/// osimage's (or node's) <c>template=</c>, <c>install/autoinst/&lt;node&gt;.cmd</c> for WinPE, and
/// <c>install/mypostscripts/mypostscript.&lt;node&gt;</c>. An osimage without a template (a WinPE used for something else
/// than Windows Setup) gets no install files. Templates are found under <c>etc/appliance/templates</c>, else the shipped
/// <c>usr/share/appliance/templates</c>; variables come from the node, the osimage and <c>etc/appliance/site</c>.
/// </summary>
/// <remarks>
/// Files are renamed into place but not fsynced one by one (three per node would cost seconds for 10,000 nodes): after a
/// crash the next nodeset run renders them again, and the record file — the part that decides what boots — is durable.
/// </remarks>
public sealed class UnattendInstallFiles(AppliancePaths paths) : IInstallFiles
{
    private readonly NodeInstallWriter _writer = new(paths.InstallDir, TemplateLocations.Resolve(paths), durable: false);
    private IReadOnlyDictionary<string, string>? _site;

    public string? Write(Node node, OsImage image)
    {
        _site ??= SiteTable.Load(paths.SiteFile);
        var inputs = NodeInputs.From(node, image, _site);
        if (inputs.Get("template") is null) return null;
        try
        {
            _writer.Write(inputs);
            return null;
        }
        catch (UnattendException e)
        {
            return e.Message;
        }
    }
}
