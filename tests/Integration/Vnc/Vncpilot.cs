using Appliance.Integration.Support;

namespace Appliance.Integration.Vnc;

/// <summary>Runs the published vncpilot binary with a time bound.</summary>
internal static class Vncpilot
{
    public static RunResult Run(TimeSpan timeout, params string[] args) =>
        Support.Run.Process(Tools.Binary("vncpilot"), args, timeout);

    /// <summary>Needles made from QEMU's own `screendump -f png` of SeaBIOS + iPXE (TestData/vnc/needles).</summary>
    public static string Needles => Path.Combine(AppContext.BaseDirectory, "TestData", "vnc", "needles");

    public static string Describe(RunResult r) => $"`{r.Command}` exited {r.ExitCode}\nstdout:\n{r.Stdout}\nstderr:\n{r.Stderr}";
}
