using System.Globalization;
using System.Text;
using static Appliance.Unattend.Templates.Template;

namespace Appliance.Unattend.Fragments;

/// <summary>
/// Generated answer-file fragments, the counterparts of xCAT's <c>#WINPRODKEY#</c>, <c>#WINACCOUNTDATA#</c>,
/// <c>#WINADJOIN#</c>, <c>#WINNETCFG#</c>, <c>#WINTIMEZONE#</c>. Components carry their own <c>wcm</c> namespace
/// declaration so they can be inserted anywhere inside a <c>&lt;settings&gt;</c> element. Element names and
/// placement follow Microsoft's "Unattended Windows Setup Reference". Empty string when there is nothing to say.
/// </summary>
public static class AnswerFileFragments
{
    public const string UnattendNamespace = "urn:schemas-microsoft-com:unattend";
    public const string WcmNamespace = "http://schemas.microsoft.com/WMIConfig/2002/State";
    /// <summary>The RunSynchronous order of the postscript hook: after site commands 1–49, before 51+.</summary>
    public const int PostscriptHookOrder = 50;
    /// <summary>The command the specialize pass runs: the node's postscripts, copied to C:\xcatpost by the WinPE script.</summary>
    public const string PostscriptHookCommand = @"cmd.exe /c if exist C:\xcatpost\mypostscript.cmd call C:\xcatpost\mypostscript.cmd post";

    private static string ComponentOpen(string name, string cpu) => AppendComponentOpen(new StringBuilder(), name, cpu).ToString();

    private static StringBuilder AppendComponentOpen(StringBuilder sb, string name, string cpu) =>
        sb.Append("<component name=\"").Append(name).Append("\" processorArchitecture=\"").Append(Escape(cpu))
          .Append("\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm=\"")
          .Append(WcmNamespace).Append("\">");

    /// <summary>#WINPRODKEY#: <c>&lt;ProductKey&gt;</c> for <c>Microsoft-Windows-Setup/UserData</c> (windowsPE pass).</summary>
    public static string ProductKey(string? key) => string.IsNullOrWhiteSpace(key) ? ""
        : $"<ProductKey><Key>{Escape(key.Trim())}</Key><WillShowUI>OnError</WillShowUI></ProductKey>";

    /// <summary>
    /// #WINACCOUNTDATA#: <c>&lt;UserAccounts&gt;</c> for <c>Microsoft-Windows-Shell-Setup</c> (oobeSystem pass): the
    /// administrator password and, when <paramref name="localUser"/> is set, a local administrator account (Windows
    /// client OOBE needs one). Passwords in the encoded form of <see cref="UnattendPassword"/>.
    /// </summary>
    public static string Accounts(string? administratorPassword, string? localUser = null, string? localPassword = null)
    {
        if (administratorPassword is null && string.IsNullOrEmpty(localUser)) return "";
        var sb = new StringBuilder("<UserAccounts>");
        if (administratorPassword is not null)
            sb.Append("<AdministratorPassword><Value>")
              .Append(UnattendPassword.Encode(administratorPassword, UnattendPassword.AdministratorPasswordSuffix))
              .Append("</Value><PlainText>false</PlainText></AdministratorPassword>");
        if (!string.IsNullOrEmpty(localUser))
            sb.Append("<LocalAccounts><LocalAccount wcm:action=\"add\" xmlns:wcm=\"").Append(WcmNamespace).Append("\"><Name>")
              .Append(Escape(localUser)).Append("</Name><Group>Administrators</Group><Password><Value>")
              .Append(UnattendPassword.Encode(localPassword ?? "", UnattendPassword.PasswordSuffix))
              .Append("</Value><PlainText>false</PlainText></Password></LocalAccount></LocalAccounts>");
        return sb.Append("</UserAccounts>").ToString();
    }

    /// <summary>
    /// #WINADJOIN#: the <c>Microsoft-Windows-UnattendedJoin</c> component (specialize pass). Joins
    /// <paramref name="domain"/> with an account (<paramref name="user"/>, <paramref name="password"/>, optionally
    /// <paramref name="userDomain"/>), or with a one-time <paramref name="machinePassword"/> of a pre-staged computer
    /// account (UnsecureJoin); else joins <paramref name="workgroup"/>; else nothing.
    /// </summary>
    public static string DomainJoin(string cpu, string? domain, string? user, string? password, string? userDomain,
        string? organizationalUnit, string? machinePassword, string? workgroup)
    {
        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(domain))
        {
            AppendComponentOpen(sb, "Microsoft-Windows-UnattendedJoin", cpu).Append("<Identification>");
            if (!string.IsNullOrEmpty(machinePassword))
            {
                sb.Append("<JoinDomain>").Append(Escape(domain)).Append("</JoinDomain>")
                  .Append("<MachinePassword>").Append(Escape(machinePassword)).Append("</MachinePassword>")
                  .Append("<UnsecureJoin>true</UnsecureJoin>");
            }
            else
            {
                sb.Append("<Credentials><Domain>").Append(Escape(userDomain ?? domain)).Append("</Domain>")
                  .Append("<Username>").Append(Escape(user ?? "")).Append("</Username>")
                  .Append("<Password>").Append(Escape(password ?? "")).Append("</Password></Credentials>")
                  .Append("<JoinDomain>").Append(Escape(domain)).Append("</JoinDomain>");
            }
            if (!string.IsNullOrEmpty(organizationalUnit))
                sb.Append("<MachineObjectOU>").Append(Escape(organizationalUnit)).Append("</MachineObjectOU>");
            sb.Append("</Identification></component>");
        }
        else if (!string.IsNullOrEmpty(workgroup))
        {
            AppendComponentOpen(sb, "Microsoft-Windows-UnattendedJoin", cpu)
              .Append("<Identification><JoinWorkgroup>").Append(Escape(workgroup)).Append("</JoinWorkgroup></Identification></component>");
        }
        return sb.ToString();
    }

    /// <summary>
    /// #WINNETCFG#: <c>Microsoft-Windows-TCPIP</c> (address, prefix, default route) and
    /// <c>Microsoft-Windows-DNS-Client</c> (servers, suffix) for every static NIC, by MAC (specialize pass).
    /// DHCP NICs need nothing.
    /// </summary>
    public static string Network(string cpu, IReadOnlyList<NicSettings> nics)
    {
        var statics = 0;
        var withDns = 0;
        foreach (var nic in nics)
        {
            if (!nic.IsStatic) continue;
            statics++;
            if (HasDns(nic)) withDns++;
        }
        if (statics == 0) return "";
        var sb = FragmentBuilder.Acquire();
        AppendComponentOpen(sb, "Microsoft-Windows-TCPIP", cpu).Append("<Interfaces>");
        foreach (var nic in nics)
        {
            if (!nic.IsStatic) continue;
            sb.Append("<Interface wcm:action=\"add\"><Identifier>").Append(nic.Identifier).Append("</Identifier>")
              .Append("<Ipv4Settings><DhcpEnabled>false</DhcpEnabled></Ipv4Settings>")
              .Append("<UnicastIpAddresses><IpAddress wcm:action=\"add\" wcm:keyValue=\"1\">")
              .Append(CultureInfo.InvariantCulture, $"{nic.Address}/{nic.PrefixLength}")
              .Append("</IpAddress></UnicastIpAddresses>");
            if (nic.Gateway is not null)
                sb.Append("<Routes><Route wcm:action=\"add\"><Identifier>0</Identifier><Prefix>0.0.0.0/0</Prefix><NextHopAddress>")
                  .Append(CultureInfo.InvariantCulture, $"{nic.Gateway}").Append("</NextHopAddress><Metric>10</Metric></Route></Routes>");
            sb.Append("</Interface>");
        }
        sb.Append("</Interfaces></component>");
        if (withDns > 0)
        {
            AppendComponentOpen(sb, "Microsoft-Windows-DNS-Client", cpu).Append("<Interfaces>");
            foreach (var nic in nics)
            {
                if (!nic.IsStatic || !HasDns(nic)) continue;
                sb.Append("<Interface wcm:action=\"add\"><Identifier>").Append(nic.Identifier).Append("</Identifier>");
                if (nic.DnsDomain is not null) sb.Append("<DNSDomain>").Append(Escape(nic.DnsDomain)).Append("</DNSDomain>");
                if (nic.NameServers.Count > 0)
                {
                    sb.Append("<DNSServerSearchOrder>");
                    for (var i = 0; i < nic.NameServers.Count; i++)
                        sb.Append(CultureInfo.InvariantCulture, $"<IpAddress wcm:action=\"add\" wcm:keyValue=\"{i + 1}\">{nic.NameServers[i]}</IpAddress>");
                    sb.Append("</DNSServerSearchOrder>");
                }
                sb.Append("</Interface>");
            }
            sb.Append("</Interfaces></component>");
        }
        return FragmentBuilder.Release(sb);
    }

    private static bool HasDns(NicSettings nic) => nic.NameServers.Count > 0 || nic.DnsDomain is not null;

    /// <summary>#WINTIMEZONE#: <c>&lt;TimeZone&gt;</c> for <c>Microsoft-Windows-Shell-Setup</c> (specialize pass).</summary>
    public static string TimeZone(string windowsId) => $"<TimeZone>{Escape(windowsId)}</TimeZone>";

    /// <summary><c>Microsoft-Windows-International-Core</c> (specialize/oobeSystem): input, system, UI and user locale.</summary>
    public static string Locale(string cpu, string locale, string inputLocale, string uiLanguage) =>
        ComponentOpen("Microsoft-Windows-International-Core", cpu)
        + $"<InputLocale>{Escape(inputLocale)}</InputLocale><SystemLocale>{Escape(locale)}</SystemLocale>"
        + $"<UILanguage>{Escape(uiLanguage)}</UILanguage><UserLocale>{Escape(locale)}</UserLocale></component>";

    /// <summary><c>Microsoft-Windows-International-Core-WinPE</c> (windowsPE pass): the language of Setup itself.</summary>
    public static string WinPeLocale(string cpu, string locale, string inputLocale, string uiLanguage) =>
        ComponentOpen("Microsoft-Windows-International-Core-WinPE", cpu)
        + $"<SetupUILanguage><UILanguage>{Escape(uiLanguage)}</UILanguage></SetupUILanguage>"
        + $"<InputLocale>{Escape(inputLocale)}</InputLocale><SystemLocale>{Escape(locale)}</SystemLocale>"
        + $"<UILanguage>{Escape(uiLanguage)}</UILanguage><UserLocale>{Escape(locale)}</UserLocale></component>";

    /// <summary>
    /// The postscript hook: <c>Microsoft-Windows-Deployment</c> with one specialize-pass RunSynchronous command,
    /// order <see cref="PostscriptHookOrder"/>, that runs <c>C:\xcatpost\mypostscript.cmd post</c>.
    /// </summary>
    public static string PostscriptHook(string cpu) =>
        ComponentOpen("Microsoft-Windows-Deployment", cpu)
        + "<RunSynchronous><RunSynchronousCommand wcm:action=\"add\">"
        + $"<Order>{PostscriptHookOrder}</Order><Path>{Escape(PostscriptHookCommand)}</Path>"
        + "<Description>appliance postscripts (log: C:\\xcatpost\\xcat.log)</Description>"
        + "</RunSynchronousCommand></RunSynchronous></component>";
}
