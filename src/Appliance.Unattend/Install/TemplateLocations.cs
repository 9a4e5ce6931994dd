using Appliance.Core.Paths;

namespace Appliance.Unattend.Install;

/// <summary>
/// Where relative <c>template=</c> names are looked up: <c>PREFIX/etc/appliance/templates</c> when the site keeps
/// its own templates there, else the shipped ones in <c>PREFIX/usr/share/appliance/templates</c> (the appliance image
/// installs <c>appliance/templates/</c> there). nodeset and floppygen use the same rule.
/// </summary>
public static class TemplateLocations
{
    public static string Site(AppliancePaths paths) => Path.Combine(paths.EtcDir, "templates");

    public static string Shipped(AppliancePaths paths) => Path.Combine(paths.Prefix, "usr", "share", "appliance", "templates");

    public static string Resolve(AppliancePaths paths) => Directory.Exists(Site(paths)) ? Site(paths) : Shipped(paths);
}
