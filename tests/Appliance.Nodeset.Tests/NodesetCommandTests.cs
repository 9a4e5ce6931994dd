using Appliance.Core.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Nodeset.Tests;

public sealed class NodesetCommandTests : IDisposable
{
    private readonly ApplianceTree _tree = new("n1\nn2\n");
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => _tree.Dispose();

    private int Run(string range, string action) => new NodesetCommand(_tree.Paths, _out, _err).Run(range, action);

    [Fact]
    public void Daemon_not_running_is_said_plainly_and_is_not_an_error()
    {
        Assert.Equal(0, Run("n[1-2]", "osimage=win2022"));
        Assert.Equal("""
            n1: osimage win2022 (winpe winpe10)
            n2: osimage win2022 (winpe winpe10)
            nodeset: proxydhcpd is not running: no socket at {0}; the records are written and apply when it starts
            nodeset: 2 of 2 nodes set; record file {1} holds 2 records

            """.Replace("{0}", _tree.Paths.Socket("proxydhcpd")).Replace("{1}", _tree.Paths.RecordFile), _out.ToString());
    }

    [Fact]
    public async Task Prints_the_daemons_reload_answer()
    {
        await using var daemon = new ControlServer("proxydhcpd", _tree.Paths.Socket("proxydhcpd"), NullLogger.Instance);
        daemon.Register("reload", "", (_, w) => { w.WriteNumber("generation", 7); w.WriteNumber("records", 2); }, mutating: true);
        daemon.Start();
        Assert.Equal(0, Run("n1,n2", "osimage=win2022"));
        Assert.Contains("nodeset: proxydhcpd reloaded: generation 7, 2 records", _out.ToString());
    }

    [Fact]
    public async Task A_refusing_daemon_makes_the_run_fail()
    {
        await using var daemon = new ControlServer("proxydhcpd", _tree.Paths.Socket("proxydhcpd"), NullLogger.Instance);
        daemon.Register("reload", "", (_, _) => throw new ControlException("record 3: duplicate name"), mutating: true);
        daemon.Start();
        Assert.Equal(1, Run("n1", "osimage=win2022"));
        Assert.Contains("proxydhcpd refused the new record file and keeps the previous one: record 3: duplicate name", _err.ToString());
    }

    [Theory]
    [InlineData("n9", "osimage=win2022", "nodeset: unknown node or group: n9")]
    [InlineData("n1", "install", "unknown action \"install\"")]
    [InlineData("n1", "osimage=ghost", "n1: error: WinPE \"notstaged\"")]
    public void Failures_exit_non_zero_with_a_line_each(string range, string action, string expected)
    {
        Assert.NotEqual(0, Run(range, action));
        Assert.Contains(expected, _err.ToString());
    }

    [Fact]
    public void A_damaged_record_file_is_reported_and_left_alone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_tree.Paths.RecordFile)!);
        File.WriteAllBytes(_tree.Paths.RecordFile, new byte[201]);
        Assert.Equal(1, Run("n1", "osimage=win2022"));
        Assert.Contains("the record file is damaged, nothing was changed", _err.ToString());
        Assert.Equal(201, new FileInfo(_tree.Paths.RecordFile).Length);
    }

    [Fact]
    public void Table_errors_carry_file_line_and_column()
    {
        File.WriteAllText(_tree.Paths.NodesFile, "n1\nn2 mac=zz\n");
        Assert.Equal(1, Run("n1", "stat"));
        Assert.Contains($"nodeset: {_tree.Paths.NodesFile}:2:8: node \"n2\": mac \"zz\" is not a MAC address", _err.ToString());
    }
}
