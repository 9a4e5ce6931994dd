using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Integration.Support;

namespace Appliance.Integration.Image;

/// <summary>
/// The appliance's systemd units, sysusers.d and tmpfiles.d entries, checked by systemd's own tools
/// (systemd-analyze verify/security, systemd-sysusers, systemd-tmpfiles) against a throw-away root. The boot of the
/// whole ISO runs from `make image-test` (appliance/image/boot-test): it needs a network mirror and minutes of QEMU.
/// </summary>
public sealed partial class UnitTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly UnitRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static string Analyze => Tools.Peer("systemd-analyze", "systemd");

    [Fact]
    public void EveryUnitPassesSystemdAnalyzeVerify()
    {
        var r = Run.Process(Analyze, ["verify", "--root=" + _root.Path, .. UnitRoot.Units], Bound);
        Assert.True(r.ExitCode == 0 && r.Stdout.Trim().Length == 0 && r.Stderr.Trim().Length == 0,
            $"systemd-analyze verify: expected exit 0 and no findings, seen exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
    }

    [Fact]
    public void VerifyCatchesABrokenUnitInThisSetup()
    {
        // Proves the check above can fail here: a typo'd directive and a missing binary are both reported.
        var unit = _root.Combine("usr/lib/systemd/system/proxydhcpd.service");
        File.WriteAllText(unit, File.ReadAllText(unit).Replace("NoNewPrivileges=", "NoNewPrivilege=")
            .Replace("/usr/bin/proxydhcpd", "/usr/bin/proxydhcpd-missing"));
        var r = Run.Process(Analyze, ["verify", "--root=" + _root.Path, "proxydhcpd.service"], Bound);
        var all = r.Stdout + r.Stderr;
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("NoNewPrivilege", all);
        Assert.Contains("proxydhcpd-missing", all);
    }

    [Theory]
    [InlineData("proxydhcpd.service")]
    [InlineData("tftpd.service")]
    public void ExposureIsBelowTwo(string unit)
    {
        var r = Run.Process(Analyze, ["security", "--offline=yes", "--root=" + _root.Path, "--no-pager", unit], Bound);
        var m = ExposureLine().Match(r.Stdout + r.Stderr);
        Assert.True(m.Success, $"systemd-analyze security {unit}: expected an 'Overall exposure level' line, seen\n{r.Stdout}{r.Stderr}");
        var exposure = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure < 2.0, $"{unit}: expected exposure below 2.0, seen {exposure}\n{r.Stdout}");
    }

    [Theory]
    [InlineData("proxydhcpd.service", "appliance-dhcp")]
    [InlineData("tftpd.service", "appliance-tftp")]
    public void DaemonUnitsRunTheSystemdWay(string unit, string user)
    {
        var d = Directives(File.ReadAllLines(UnitRoot.Source(unit)));
        Assert.Equal("notify", d["Type"].Single());
        Assert.Equal("/bin/kill -HUP $MAINPID", d["ExecReload"].Single());
        Assert.Equal("on-failure", d["Restart"].Single());
        Assert.Matches(@"^\d+s$", d["WatchdogSec"].Single());
        Assert.Equal(user, d["User"].Single());
        Assert.Equal("appliance", d["Group"].Single());
        // The one privilege the daemons keep: binding ports 67, 69 and 4011.
        Assert.Equal("CAP_NET_BIND_SERVICE", d["AmbientCapabilities"].Single());
        Assert.Equal("CAP_NET_BIND_SERVICE", d["CapabilityBoundingSet"].Single());
        foreach (var key in new[] { "NoNewPrivileges", "PrivateTmp", "MemoryDenyWriteExecute", "LockPersonality", "RestrictNamespaces" })
            Assert.True(d.TryGetValue(key, out var v) && v.Single() == "yes", $"{unit}: expected {key}=yes, seen {(v is null ? "nothing" : string.Join(',', v))}");
        Assert.Equal("strict", d["ProtectSystem"].Single());
        Assert.Equal("/run/appliance", d["ReadWritePaths"].Single());
        Assert.Equal("AF_INET AF_UNIX", d["RestrictAddressFamilies"].Single());
        Assert.Contains("@system-service", d["SystemCallFilter"]);
        Assert.Equal("appliance.target", d["WantedBy"].Single());
    }

    [Fact]
    public void SysusersCreatesTheDaemonUsersInTheApplianceGroup()
    {
        Directory.CreateDirectory(_root.Combine("etc"));
        var conf = UnitRoot.Source("appliance.sysusers");
        Run.Process(Tools.Peer("systemd-sysusers", "systemd"), ["--root=" + _root.Path, conf], Bound).EnsureSuccess();
        var passwd = File.ReadAllLines(_root.Combine("etc/passwd")).Select(l => l.Split(':')).ToDictionary(f => f[0]);
        var group = File.ReadAllLines(_root.Combine("etc/group")).Select(l => l.Split(':')).ToDictionary(f => f[0]);
        Assert.True(group.ContainsKey("appliance"), "expected group appliance in etc/group");
        foreach (var u in new[] { "appliance-dhcp", "appliance-tftp" })
        {
            Assert.True(passwd.TryGetValue(u, out var p), $"expected user {u} in etc/passwd");
            Assert.True(uint.Parse(p![2], CultureInfo.InvariantCulture) is > 0 and < 1000, $"{u}: expected a system uid, seen {p[2]}");
            Assert.Equal("/usr/sbin/nologin", p[6]);
            Assert.Contains(u, group["appliance"][3].Split(','));
        }
    }

    [Fact]
    public void TmpfilesCreatesTheDefaultTree()
    {
        Directory.CreateDirectory(_root.Combine("etc"));
        var tmp = Tools.Peer("systemd-tmpfiles", "systemd");
        // The group must exist in the root for `d /run/appliance 0770 root appliance`.
        Run.Process(Tools.Peer("systemd-sysusers", "systemd"), ["--root=" + _root.Path, UnitRoot.Source("appliance.sysusers")], Bound).EnsureSuccess();
        Run.Process(tmp, ["--create", "--root=" + _root.Path, UnitRoot.Source("appliance.tmpfiles")], Bound).EnsureSuccess();
        foreach (var dir in new[] { "etc/appliance", "var/lib/appliance/install/autoinst", "var/lib/appliance/install/mypostscripts",
                     "var/lib/appliance/install/winpostscripts", "var/lib/appliance/media", "srv/tftp/winboot", "run/appliance" })
            Assert.True(Directory.Exists(_root.Combine(dir)), $"expected {dir} in the tree");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute, File.GetUnixFileMode(_root.Combine("run/appliance")));
        // The tables start as one comment line each, which the table parser accepts.
        Assert.StartsWith("# node table", File.ReadAllText(_root.Combine("etc/appliance/nodes")));
        Assert.NotNull(Appliance.Core.Tables.NodeTable.Load(_root.Combine("etc/appliance/nodes")));
    }

    private static Dictionary<string, List<string>> Directives(IEnumerable<string> lines)
    {
        var d = new Dictionary<string, List<string>>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';' or '[') continue;
            var eq = line.IndexOf('=');
            var key = line[..eq];
            if (!d.TryGetValue(key, out var list)) d[key] = list = [];
            list.Add(line[(eq + 1)..]);
        }
        return d;
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex ExposureLine();
}
