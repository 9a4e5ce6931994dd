using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Appliance.Core.Tables;
using Appliance.Unattend.Fragments;
using Appliance.Unattend.Templates;

namespace Appliance.Unattend.Install;

/// <summary>
/// Builds what a template sees for one node (docs/ARCHITECTURE.md lists every name): the table keys (node over
/// osimage over site, and each table's keys under <c>node.</c>, <c>osimage.</c>, <c>site.</c>), derived values
/// (<c>hostname</c>, <c>firmware</c>, <c>cpu</c>, <c>timezone</c>, locales), the <c>nics</c> list and the generated
/// fragments (<c>WINPRODKEY</c>, <c>WINACCOUNTDATA</c>, <c>WINADJOIN</c>, <c>WINNETCFG</c>, <c>WINTIMEZONE</c>,
/// <c>WINLOCALE</c>, <c>WINPELOCALE</c>, <c>WINPOSTSCRIPTS</c>).
/// </summary>
public static class UnattendVariables
{
    /// <summary>NetBIOS computer names have at most 15 characters; Setup fails on longer ones.</summary>
    public const int MaxComputerName = 15;
    private const int MaxExtraNics = 9;
    /// <summary>The scalars <see cref="Build"/> sets: derived names and generated fragments.</summary>
    private const int DerivedCount = 17;
    private static readonly string[] s_extraNicMacKeys = [.. Enumerable.Range(1, MaxExtraNics).Select(n => $"nic{n}.mac")];

    public static TemplateVariables Build(NodeInputs inputs)
    {
        // The tables are seen in place (node over osimage over site, each also under its prefix); about twenty
        // derived names and fragments are scalars, which hide table keys of the same name.
        var v = new TemplateVariables(DerivedCount);
        v.AddTable(inputs.Site).AddTable(inputs.OsImageAttributes).AddTable(inputs.NodeAttributes);
        v.AddTable(inputs.Site, "site.").AddTable(inputs.OsImageAttributes, "osimage.").AddTable(inputs.NodeAttributes, "node.");

        var node = inputs.Node;
        var hostname = inputs.Get("hostname") ?? node;
        if (hostname.Length > MaxComputerName)
            throw Bad(inputs, "hostname", hostname, $"a Windows computer name has at most {MaxComputerName} characters; set hostname= to a shorter name");
        var firmware = Firmware(inputs);
        var cpu = inputs.Get("cpu") ?? (inputs.NodeAttributes.GetValueOrDefault("arch") switch
        {
            "arm64" => "arm64",
            "ia32" => "x86",
            _ => "amd64",
        });
        var zone = inputs.Get("timezone") ?? "UTC";
        if (!WindowsTimeZones.TryResolve(zone, out var windowsZone))
            throw Bad(inputs, "timezone", zone, "not a known zone; write the Windows time-zone ID, e.g. \"W. Europe Standard Time\"");
        var locale = inputs.Get("locale") ?? "en-US";
        var inputLocale = inputs.Get("inputlocale") ?? locale;
        var uiLanguage = inputs.Get("uilanguage") ?? locale;

        v.Set("node", node).Set("hostname", hostname).Set("osimage", inputs.OsImage).Set("firmware", firmware)
         .Set("cpu", cpu).Set("timezone", windowsZone).Set("locale", locale).Set("inputlocale", inputLocale)
         .Set("uilanguage", uiLanguage);

        var nics = Nics(inputs);
        v.SetList("nics", () => nics.Select(NicRecord).ToList());

        v.Set("WINPRODKEY", FragmentMemo.Get(FragmentMemo.ProductKey, [inputs.Get("productkey")],
            static a => AnswerFileFragments.ProductKey(a[0])));
        v.Set("WINACCOUNTDATA", FragmentMemo.Get(FragmentMemo.Accounts,
            [inputs.Get("adminpassword"), inputs.Get("localuser"), inputs.Get("localpassword")],
            static a => AnswerFileFragments.Accounts(a[0], a[1], a[2])));
        v.Set("WINADJOIN", FragmentMemo.Get(FragmentMemo.DomainJoin,
            [cpu, inputs.Get("joindomain"), inputs.Get("joinuser"), inputs.Get("joinpassword"), inputs.Get("joinuserdomain"),
             inputs.Get("joinou"), inputs.Get("machinepassword"), inputs.Get("workgroup")],
            static a => AnswerFileFragments.DomainJoin(a[0]!, a[1], a[2], a[3], a[4], a[5], a[6], a[7])));
        v.Set("WINNETCFG", AnswerFileFragments.Network(cpu, nics));
        v.Set("WINTIMEZONE", FragmentMemo.Get(FragmentMemo.TimeZone, [windowsZone], static a => AnswerFileFragments.TimeZone(a[0]!)));
        v.Set("WINLOCALE", FragmentMemo.Get(FragmentMemo.Locale, [cpu, locale, inputLocale, uiLanguage],
            static a => AnswerFileFragments.Locale(a[0]!, a[1]!, a[2]!, a[3]!)));
        v.Set("WINPELOCALE", FragmentMemo.Get(FragmentMemo.WinPeLocale, [cpu, locale, inputLocale, uiLanguage],
            static a => AnswerFileFragments.WinPeLocale(a[0]!, a[1]!, a[2]!, a[3]!)));
        v.Set("WINPOSTSCRIPTS", FragmentMemo.Get(FragmentMemo.PostscriptHook, [cpu], static a => AnswerFileFragments.PostscriptHook(a[0]!)));
        return v;
    }

    /// <summary>
    /// <c>firmware=bios|uefi</c> from any table wins; otherwise the node's <c>arch</c> (bios → bios, x64/ia32/arm64 →
    /// uefi); otherwise uefi, the firmware of every current machine and VM template.
    /// </summary>
    private static string Firmware(NodeInputs inputs)
    {
        var explicitValue = inputs.Get("firmware");
        if (explicitValue is not null)
        {
            var f = explicitValue.ToLowerInvariant();
            if (f is not ("bios" or "uefi"))
                throw Bad(inputs, "firmware", explicitValue, "expected bios or uefi");
            return f;
        }
        return inputs.NodeAttributes.GetValueOrDefault("arch") is "bios" ? "bios" : "uefi";
    }

    /// <summary>
    /// The node's NICs: the first MAC of <c>mac=</c> is the primary one, static when <c>ipconfig=static</c> (address
    /// <c>ip</c>, <c>prefix</c> or <c>netmask</c>, <c>gateway</c>, <c>nameservers</c>, <c>dnsdomain</c>); further
    /// MACs use DHCP; <c>nic1.mac</c> … <c>nic9.mac</c> add NICs, static when <c>nicN.ip</c> is set (as A.B.C.D/NN or
    /// with <c>nicN.netmask</c>).
    /// </summary>
    public static IReadOnlyList<NicSettings> Nics(NodeInputs inputs)
    {
        var list = new List<NicSettings>();
        var macs = (inputs.NodeAttributes.GetValueOrDefault("mac") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < macs.Length; i++)
        {
            var mac = Mac(inputs, "mac", macs[i]);
            var isStatic = i == 0 && string.Equals(inputs.Get("ipconfig"), "static", StringComparison.OrdinalIgnoreCase);
            list.Add(isStatic ? StaticNic(inputs, mac, "") : new NicSettings { Mac = mac });
        }
        for (var n = 1; n <= MaxExtraNics; n++)
        {
            if (inputs.NodeAttributes.GetValueOrDefault(s_extraNicMacKeys[n - 1]) is not { } text) continue;
            var prefix = $"nic{n}.";
            var mac = Mac(inputs, prefix + "mac", text);
            list.Add(inputs.NodeAttributes.ContainsKey(prefix + "ip") ? StaticNic(inputs, mac, prefix) : new NicSettings { Mac = mac });
        }
        return list;
    }

    private static string Mac(NodeInputs inputs, string key, string text) =>
        MacAddress.TryParse(text, out var mac) ? mac.ToString()
            : throw Bad(inputs, key, text, "expected a MAC address like 52:54:00:12:34:56");

    private static NicSettings StaticNic(NodeInputs inputs, string mac, string prefix)
    {
        var ipKey = prefix + "ip";
        var ipText = (prefix.Length == 0 ? inputs.NodeAttributes.GetValueOrDefault("ip") : inputs.NodeAttributes.GetValueOrDefault(ipKey))
            ?? throw Bad(inputs, ipKey, "", "ipconfig=static needs the address in ip=");
        var slash = ipText.IndexOf('/');
        var address = Ipv4(inputs, ipKey, slash < 0 ? ipText : ipText[..slash]);
        int length;
        if (slash >= 0)
        {
            if (!int.TryParse(ipText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32)
                throw Bad(inputs, ipKey, ipText, "expected A.B.C.D/NN with NN from 0 to 32");
        }
        else if (Get(inputs, prefix, "prefix") is { } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32)
                throw Bad(inputs, prefix + "prefix", p, "expected a prefix length from 0 to 32");
        }
        else if (Get(inputs, prefix, "netmask") is { } m) length = PrefixOf(inputs, prefix + "netmask", m);
        else throw Bad(inputs, ipKey, ipText, $"a static address needs its prefix: write {ipKey}=A.B.C.D/NN, or set {prefix}prefix= or {prefix}netmask=");

        var gateway = Get(inputs, prefix, "gateway") is { } g ? Ipv4(inputs, prefix + "gateway", g) : null;
        var servers = (Get(inputs, prefix, "nameservers") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Ipv4(inputs, prefix + "nameservers", s)).ToList();
        var dnsDomain = Get(inputs, prefix, "dnsdomain") ?? inputs.Get("domain");
        return new NicSettings { Mac = mac, Address = address, PrefixLength = length, Gateway = gateway, NameServers = servers, DnsDomain = dnsDomain };
    }

    /// <summary>nicN.key from the node, else (primary NIC) key by table precedence.</summary>
    private static string? Get(NodeInputs inputs, string prefix, string key) =>
        prefix.Length == 0 ? inputs.Get(key) : inputs.NodeAttributes.GetValueOrDefault(prefix + key);

    private static IPAddress Ipv4(NodeInputs inputs, string key, string text) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && text.AsSpan().Count('.') == 3
            ? ip : throw Bad(inputs, key, text, "expected an IPv4 address like 192.0.2.10");

    private static int PrefixOf(NodeInputs inputs, string key, string mask)
    {
        var bytes = Ipv4(inputs, key, mask).GetAddressBytes();
        var bits = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var length = System.Numerics.BitOperations.PopCount(bits);
        if (bits != (length == 0 ? 0 : uint.MaxValue << (32 - length)))
            throw Bad(inputs, key, mask, "a netmask has contiguous one bits, like 255.255.255.0");
        return length;
    }

    private static IReadOnlyDictionary<string, string> NicRecord(NicSettings n, int index) => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["index"] = index.ToString(CultureInfo.InvariantCulture),
        ["mac"] = n.Mac,
        ["identifier"] = n.Identifier,
        ["static"] = n.IsStatic ? "yes" : "no",
        ["ip"] = n.Address?.ToString() ?? "",
        ["prefix"] = n.IsStatic ? n.PrefixLength.ToString(CultureInfo.InvariantCulture) : "",
        ["gateway"] = n.Gateway?.ToString() ?? "",
        ["nameservers"] = string.Join(',', n.NameServers),
        ["dnsdomain"] = n.DnsDomain ?? "",
    };

    private static UnattendException Bad(NodeInputs inputs, string key, string value, string expected) =>
        new(UnattendError.BadAttribute, $"{key}=\"{value}\": {expected}", node: inputs.Node);
}
