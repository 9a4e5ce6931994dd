using Appliance.Integration.Support;

namespace Appliance.Integration.Image;

/// <summary>
/// The QEMU boot scripts behind `make image-test` and `make image-pxe-test` boot the built ISO for minutes, so CI never
/// runs them (it does not build the image). These checks keep them loadable in CI: Debian's Python parses each one
/// (pxe-test also loads boot-test's console driver), and a missing ISO is refused with a message naming it.
/// </summary>
public sealed class BootScriptTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string Script(string name) => Path.Combine(Tools.RepoRoot, "appliance/image", name);

    [Theory]
    [InlineData("boot-test", "--firmware")]
    [InlineData("pxe-test", "--client")]
    public void HelpParsesAndNamesTheOptions(string script, string option)
    {
        var r = Run.Process(Tools.DebianPython, ["-B", Script(script), "--help"], Bound);
        Assert.True(r.ExitCode == 0 && r.Stdout.Contains(option, StringComparison.Ordinal),
            $"{script} --help: expected exit 0 and {option} in the usage, seen exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
    }

    [Theory]
    [InlineData("boot-test")]
    [InlineData("pxe-test")]
    public void AMissingIsoIsRefusedByName(string script)
    {
        var iso = Path.Combine(Path.GetTempPath(), $"no-such-appliance-{Guid.NewGuid():N}.iso");
        var r = Run.Process(Tools.DebianPython, ["-B", Script(script), iso], Bound);
        Assert.True(r.ExitCode != 0 && r.Stderr.Contains(iso + " not found", StringComparison.Ordinal),
            $"{script} {iso}: expected a failure naming the missing ISO, seen exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
    }
}
