using Appliance.Integration.Support;
using Appliance.Rfb;

namespace Appliance.Integration.Vnc;

/// <summary>vncpilot against TigerVNC's Xvnc with VNC authentication and real X clients (xterm).</summary>
public class XvncTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static RfbClient Connect(XvncServer x, params RfbEncoding[] encodings) => RfbClient.Connect("127.0.0.1", x.Port, new RfbClientOptions
    {
        Password = XvncServer.Password.Select(c => (byte)c).ToArray(),
        Encodings = encodings.Length > 0 ? encodings : [RfbEncoding.Zrle, RfbEncoding.CopyRect, RfbEncoding.Raw],
    });

    /// <summary>Waits (bounded) until the screen differs from <paramref name="before"/> and then stays the same for 500 ms.</summary>
    private static PixelImage WaitForSettledChange(RfbClient client, PixelImage? before, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = client.Snapshot();
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            client.WaitForUpdate(client.UpdateCount, TimeSpan.FromMilliseconds(100));
            var now = client.Snapshot();
            if (!now.SameAs(last)) { last = now; stableSince = DateTime.UtcNow; continue; }
            if ((before is null || !now.SameAs(before)) && DateTime.UtcNow - stableSince > TimeSpan.FromMilliseconds(500)) return now;
        }
        throw new TimeoutException($"the screen did not change and settle within {timeout.TotalSeconds:0} s");
    }

    [Fact]
    public void Types_into_an_xterm_and_sees_the_text_appear()
    {
        var xterm = Tools.Peer("xterm", "xterm");
        using var x = new XvncServer();
        var dir = x.Directory;
        const string Text = "typed-by-vncpilot 42!";
        // 1. An xterm that prints the text itself: its screenshot (taken by vncpilot) becomes the needle.
        BackgroundProcess reference;
        using (var client = Connect(x))
        {
            var empty = WaitForSettledChange(client, null, TimeSpan.FromSeconds(10));
            reference = x.StartClient(xterm, "-geometry", "40x6+0+0", "-fn", "fixed", "-bg", "white", "-fg", "black", "+cm",
                "-e", "sh", "-c", $"printf '%s\\n' '{Text}'; exec sleep 120");
            WaitForSettledChange(client, empty, TimeSpan.FromSeconds(20));
        }
        var shot = Path.Combine(dir, "reference.png");
        var r = Vncpilot.Run(Bound, "screenshot", "--password-file", x.PasswdFile, x.Endpoint, shot);
        Assert.True(r.ExitCode == 0, Vncpilot.Describe(r));
        r = Vncpilot.Run(Bound, "needle", "new", shot, "--area", "0,0,150,14", "--tag", "typed", "--match", "99", "--dir", dir);
        Assert.True(r.ExitCode == 0, Vncpilot.Describe(r));
        reference.Kill();

        // 2. An xterm running cat: nothing is typed yet, so the needle must not match (exit 1, screen saved).
        using (var client = Connect(x))
        {
            var before = client.Snapshot();
            x.StartClient(xterm, "-geometry", "40x6+0+0", "-fn", "fixed", "-bg", "white", "-fg", "black", "+cm", "-e", "cat");
            WaitForSettledChange(client, before, TimeSpan.FromSeconds(20));
        }
        File.WriteAllText(Path.Combine(dir, "wait.vnc"), "wait-needle typed 2s\n");
        var failure = Path.Combine(dir, "failure.png");
        r = Vncpilot.Run(Bound, "run", "--connect", x.Endpoint, "--password-file", x.PasswdFile, "--failure-screenshot", failure,
            Path.Combine(dir, "wait.vnc"));
        Assert.True(r.ExitCode == 1, Vncpilot.Describe(r));
        Assert.Contains("wait.vnc:1: typed did not appear within 2 s; closest: needle typed [typed]", r.Stderr);
        Assert.Contains("last screen saved to " + failure, r.Stderr);
        Assert.Equal((800, 600), (Png.Read(failure).Width, Png.Read(failure).Height));

        // 3. Type the text (shifted '!' included) through a password given as a text file, then wait for the needle.
        var passwordText = Path.Combine(dir, "password.txt");
        File.WriteAllText(passwordText, XvncServer.Password + "\n");
        File.WriteAllText(Path.Combine(dir, "type.vnc"), $"""
            # no window manager: keyboard focus follows the pointer, so point at the xterm first
            click 60,40
            type "{Text}\n"
            wait-needle typed 20s
            screenshot typed.png
            """);
        // Keysyms here (--no-qemu-keys); the QEMU test types with XT scancodes.
        r = Vncpilot.Run(Bound, "run", "--connect", x.Endpoint, "--password-file", passwordText, "--key-interval", "10ms", "--no-qemu-keys",
            "--failure-screenshot", failure, Path.Combine(dir, "type.vnc"));
        Assert.True(r.ExitCode == 0, Vncpilot.Describe(r) + "\nXvnc:\n" + x.Log);
        Assert.Contains("matched needle typed [typed]: 100.0%", r.Stderr);
    }

    [Fact]
    public void Resolution_change_mid_session_keeps_working()
    {
        var xrandr = Tools.Peer("xrandr", "x11-xserver-utils");
        using var x = new XvncServer();
        using var client = Connect(x);
        Assert.True(client.WaitForUpdate(0, TimeSpan.FromSeconds(10)));
        Assert.Equal((800, 600), (client.Width, client.Height));
        foreach (var (w, h) in new[] { (1024, 768), (640, 480) })
        {
            x.X(xrandr, "-s", $"{w}x{h}");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while ((client.Width, client.Height) != (w, h) && DateTime.UtcNow < deadline)
                client.WaitForUpdate(client.UpdateCount, TimeSpan.FromMilliseconds(200));
            Assert.Equal((w, h), (client.Width, client.Height));
            // The session goes on after the change: a fresh connection sees the same screen.
            var shot = Path.Combine(x.Directory, $"after-{w}.png");
            var r = Vncpilot.Run(Bound, "screenshot", "--password-file", x.PasswdFile, x.Endpoint, shot);
            Assert.True(r.ExitCode == 0, Vncpilot.Describe(r));
            Assert.Contains($"{w}x{h}", r.Stdout);
            Assert.True(client.WaitForUpdate(client.UpdateCount - 1, TimeSpan.FromSeconds(5)));
            Assert.True(Png.Read(shot).SameAs(client.Snapshot()));
        }
        Assert.True(client.Resizes >= 2);
        Assert.True(client.RectanglesByEncoding[4] > 0, "TigerVNC announces size changes with ExtendedDesktopSize");
    }

    [Fact]
    public void Each_encoding_decodes_the_same_screen_and_copyrect_follows_scrolling()
    {
        var xterm = Tools.Peer("xterm", "xterm");
        using var x = new XvncServer("640x480");
        x.StartClient(xterm, "-geometry", "60x20+5+5", "-fn", "fixed", "-e", "cat");
        using var client = Connect(x, RfbEncoding.CopyRect, RfbEncoding.Raw);
        var start = WaitForSettledChange(client, null, TimeSpan.FromSeconds(20));
        // Scroll the xterm: X copies the text area, TigerVNC sends CopyRect. Focus follows the pointer (no window manager).
        client.SendPointer(100, 100, 0);
        Thread.Sleep(200);
        for (var i = 0; i < 40; i++)
        {
            KeyMap.TryGetChar((char)('a' + i % 26), out var key, out _);
            client.SendKey(key, true); client.SendKey(key, false);
            KeyMap.TryGetChar('\n', out var enter, out _);
            client.SendKey(enter, true); client.SendKey(enter, false);
            Thread.Sleep(30); // one line at a time: xterm scrolls with XCopyArea instead of jump-scrolling by redraw
        }
        var scrolled = WaitForSettledChange(client, start, TimeSpan.FromSeconds(20));
        Assert.True(client.RectanglesByEncoding[1] > 0, "no CopyRect rectangles while the xterm scrolled");
        foreach (var encoding in new[] { "raw", "zrle", "copyrect,raw" })
        {
            var shot = Path.Combine(x.Directory, $"{encoding}.png");
            var r = Vncpilot.Run(Bound, "screenshot", "--encodings", encoding, "--password-file", x.PasswdFile, x.Endpoint, shot);
            Assert.True(r.ExitCode == 0, Vncpilot.Describe(r));
            Assert.True(Png.Read(shot).SameAs(scrolled), $"{encoding} screenshot differs from the incrementally updated screen");
        }
    }

    [Fact]
    public void Wrong_password_missing_password_and_refused_security_exit_4_with_the_reason()
    {
        using var x = new XvncServer();
        var wrong = Path.Combine(x.Directory, "wrong.txt");
        File.WriteAllText(wrong, "not-it\n");
        var shot = Path.Combine(x.Directory, "x.png");
        var r = Vncpilot.Run(Bound, "screenshot", "--password-file", wrong, x.Endpoint, shot);
        Assert.True(r.ExitCode == 4, Vncpilot.Describe(r));
        Assert.Contains("authentication failed: the server said \"Authentication failure\"", r.Stderr);
        r = Vncpilot.Run(Bound, "screenshot", x.Endpoint, shot);
        Assert.True(r.ExitCode == 4, Vncpilot.Describe(r));
        Assert.Contains("the server requires VNC authentication (offers 2)", r.Stderr);
        Assert.False(File.Exists(shot));
    }

    [Fact]
    public void Vncpasswd_files_decrypt_with_our_des()
    {
        var vncpasswd = Tools.Peer("vncpasswd", "tigervnc-tools");
        foreach (var password in new[] { "a", "pilot-pw", "12345678", "longer-than-eight" })
        {
            var file = Path.GetTempFileName();
            try
            {
                Run.Shell($"printf '%s\\n' '{password}' | {vncpasswd} -f > {file}", TimeSpan.FromSeconds(10)).EnsureSuccess();
                var decrypted = System.Text.Encoding.ASCII.GetString(VncDes.DecryptPasswordFile(File.ReadAllBytes(file)));
                Assert.Equal(password[..Math.Min(8, password.Length)], decrypted);
            }
            finally { File.Delete(file); }
        }
    }
}
