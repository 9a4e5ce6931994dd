using Appliance.Integration.Support;
using Appliance.Rfb;

namespace Appliance.Integration.Vnc;

/// <summary>
/// vncpilot against QEMU's own VNC server: SeaBIOS boots an iPXE ROM (virtio-net on user networking with restrict=on,
/// so no packet leaves the VM); the script waits for the "Press Ctrl-B" needle, presses Ctrl-B with QEMU extended key
/// events and runs a command at the iPXE prompt. The needles were cut from QEMU's `screendump -f png`.
/// </summary>
public class QemuVncTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private sealed class Vm : IDisposable
    {
        private readonly BackgroundProcess _qemu;
        public int Port { get; }
        public string Directory { get; }
        public string Endpoint => $"127.0.0.1:{Port}";
        public string SerialLog => Path.Combine(Directory, "serial.log");

        public Vm()
        {
            var qemu = Tools.Peer("qemu-system-x86_64", "qemu-system-x86");
            var rom = "/usr/lib/ipxe/qemu/pxe-virtio.rom";
            if (!File.Exists(rom)) throw new InvalidOperationException($"{rom} is missing: install Debian package ipxe-qemu");
            var timeout = Tools.Peer("timeout", "coreutils");
            Directory = System.IO.Directory.CreateTempSubdirectory("vnc-qemu").FullName;
            Port = BackgroundProcess.FreePort(minimum: 5901);
            // The ROM's PCI id is the modern virtio-net (1af4:1041): disable-legacy makes the device match it.
            _qemu = new BackgroundProcess(timeout, ["120", qemu, "-machine", "pc", "-m", "128", "-display", "none", "-no-reboot",
                "-vnc", $"127.0.0.1:{Port - 5900}", "-serial", $"file:{SerialLog}",
                "-device", $"virtio-net-pci,disable-legacy=on,romfile={rom},netdev=n0,bootindex=1",
                "-netdev", "user,id=n0,restrict=on"]);
            BackgroundProcess.WaitForListener(Port, TimeSpan.FromSeconds(20), _qemu);
        }

        public string Diagnostics => $"\nQEMU output:\n{_qemu.Output}\nserial:\n{(File.Exists(SerialLog) ? File.ReadAllText(SerialLog) : "(none)")}";

        public void Kill() => _qemu.Kill();

        public void Dispose()
        {
            _qemu.Dispose();
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Ipxe_ctrl_b_prompt_takes_a_command_and_every_encoding_decodes_it()
    {
        using var vm = new Vm();
        var script = Path.Combine(vm.Directory, "ipxe.vnc");
        File.WriteAllText(script, """
            # SeaBIOS -> iPXE: stop at its command line and run a command
            wait-needle ipxe-ctrl-b 60s
            keys <leftCtrlOn>b<leftCtrlOff>
            wait-still 500ms 20s
            type "echo hello-vncpilot\n"
            wait-needle ipxe-hello 20s
            screenshot prompt.png
            """);
        var failure = Path.Combine(vm.Directory, "failure.png");
        var r = Vncpilot.Run(Bound, "run", "--connect", vm.Endpoint, "--needles", Vncpilot.Needles, "--failure-screenshot", failure,
            "--key-interval", "20ms", script);
        Assert.True(r.ExitCode == 0, Vncpilot.Describe(r) + vm.Diagnostics);
        Assert.Contains("matched needle ipxe-ctrl-b", r.Stderr);
        Assert.Contains("matched needle ipxe-hello", r.Stderr);

        PixelImage? previous = null;
        foreach (var encoding in new[] { "zrle", "raw", "copyrect,raw" })
        {
            var shot = Path.Combine(vm.Directory, $"{encoding}.png");
            r = Vncpilot.Run(Bound, "screenshot", "--encodings", encoding, vm.Endpoint, shot);
            Assert.True(r.ExitCode == 0, Vncpilot.Describe(r) + vm.Diagnostics);
            var screen = Png.Read(shot);
            Assert.Equal((720, 400), (screen.Width, screen.Height));
            Assert.True(NeedleMatcher.Match(screen, Needle.Load(Path.Combine(Vncpilot.Needles, "ipxe-hello"))).Passed);
            if (previous is not null)
            {
                // Frames taken moments apart differ at most by the blinking text cursor.
                var whole = new Needle("whole", [], [new NeedleArea(0, 0, 720, 400, NeedleAreaKind.Match, 99.9, 0)], previous);
                Assert.True(NeedleMatcher.Match(screen, whole).Passed, $"{encoding} frame differs from the previous encoding's");
            }
            previous = screen;
        }
    }

    [Fact]
    public void A_server_that_disconnects_mid_wait_ends_with_exit_3_and_the_last_screen()
    {
        using var vm = new Vm();
        var script = Path.Combine(vm.Directory, "never.vnc");
        File.WriteAllText(script, "wait-needle ipxe-hello 50s\n");
        var failure = Path.Combine(vm.Directory, "failure.png");
        var killer = new Thread(() => { Thread.Sleep(3000); vm.Kill(); });
        killer.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = Vncpilot.Run(Bound, "run", "--connect", vm.Endpoint, "--needles", Vncpilot.Needles, "--failure-screenshot", failure, script);
        killer.Join();
        Assert.True(r.ExitCode == 3, Vncpilot.Describe(r) + vm.Diagnostics);
        Assert.InRange(clock.Elapsed.TotalSeconds, 2, 20);
        Assert.Contains("never.vnc:1: ", r.Stderr);
        Assert.Contains("closed the connection", r.Stderr);
        Assert.Equal(720, Png.Read(failure).Width);

        r = Vncpilot.Run(Bound, "screenshot", vm.Endpoint, Path.Combine(vm.Directory, "x.png"));
        Assert.True(r.ExitCode == 3, Vncpilot.Describe(r));
        Assert.Contains($"connect to 127.0.0.1:{vm.Port}", r.Stderr);
    }
}
