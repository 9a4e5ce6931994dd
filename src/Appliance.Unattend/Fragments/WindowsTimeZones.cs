namespace Appliance.Unattend.Fragments;

/// <summary>
/// Maps common IANA zone names (what a Linux administrator writes) to the Windows time-zone IDs the unattend
/// <c>TimeZone</c> setting takes (from the CLDR windowsZones table). Windows IDs pass through unchanged.
/// </summary>
public static class WindowsTimeZones
{
    private static readonly Dictionary<string, string> s_map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = "UTC", ["Etc/UTC"] = "UTC", ["GMT"] = "GMT Standard Time", ["Europe/London"] = "GMT Standard Time",
        ["Europe/Dublin"] = "GMT Standard Time", ["Europe/Lisbon"] = "GMT Standard Time",
        ["Europe/Berlin"] = "W. Europe Standard Time", ["Europe/Zurich"] = "W. Europe Standard Time",
        ["Europe/Vienna"] = "W. Europe Standard Time", ["Europe/Amsterdam"] = "W. Europe Standard Time",
        ["Europe/Rome"] = "W. Europe Standard Time", ["Europe/Stockholm"] = "W. Europe Standard Time",
        ["Europe/Paris"] = "Romance Standard Time", ["Europe/Brussels"] = "Romance Standard Time",
        ["Europe/Madrid"] = "Romance Standard Time", ["Europe/Warsaw"] = "Central European Standard Time",
        ["Europe/Prague"] = "Central Europe Standard Time", ["Europe/Budapest"] = "Central Europe Standard Time",
        ["Europe/Athens"] = "GTB Standard Time", ["Europe/Helsinki"] = "FLE Standard Time",
        ["Europe/Kyiv"] = "FLE Standard Time", ["Europe/Moscow"] = "Russian Standard Time",
        ["America/New_York"] = "Eastern Standard Time", ["America/Chicago"] = "Central Standard Time",
        ["America/Denver"] = "Mountain Standard Time", ["America/Phoenix"] = "US Mountain Standard Time",
        ["America/Los_Angeles"] = "Pacific Standard Time", ["America/Anchorage"] = "Alaskan Standard Time",
        ["Pacific/Honolulu"] = "Hawaiian Standard Time", ["America/Toronto"] = "Eastern Standard Time",
        ["America/Sao_Paulo"] = "E. South America Standard Time", ["America/Mexico_City"] = "Central Standard Time (Mexico)",
        ["Asia/Tokyo"] = "Tokyo Standard Time", ["Asia/Shanghai"] = "China Standard Time",
        ["Asia/Hong_Kong"] = "China Standard Time", ["Asia/Singapore"] = "Singapore Standard Time",
        ["Asia/Kolkata"] = "India Standard Time", ["Asia/Dubai"] = "Arabian Standard Time",
        ["Asia/Seoul"] = "Korea Standard Time", ["Australia/Sydney"] = "AUS Eastern Standard Time",
        ["Australia/Perth"] = "W. Australia Standard Time", ["Pacific/Auckland"] = "New Zealand Standard Time",
        ["Africa/Johannesburg"] = "South Africa Standard Time",
    };

    /// <summary>The Windows ID for <paramref name="zone"/>; false for an IANA-looking name (with '/') not in the table.</summary>
    public static bool TryResolve(string zone, out string windowsId)
    {
        if (s_map.TryGetValue(zone, out windowsId!)) return true;
        windowsId = zone;
        return !zone.Contains('/');
    }
}
