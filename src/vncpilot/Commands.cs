using System.Globalization;
using Appliance.Core.Hosting;
using Appliance.Rfb;
using Microsoft.Extensions.Logging;

namespace Appliance.Hosts.vncpilot;

internal static class Commands
{
    private const string Program = "vncpilot";

    public static int TopHelp(bool error, string? message = null)
    {
        var w = error ? Console.Error : Console.Out;
        if (message is not null) w.WriteLine($"{Program}: {message}");
        w.Write("""
            vncpilot - drive a machine's installer through VNC by what is on its screen

            usage:
                vncpilot run --connect HOST:PORT [--password-file F] [--needles DIR] SCRIPT
                vncpilot screenshot [--password-file F] HOST:PORT FILE.png
                vncpilot needle new FILE.png --area X,Y,W,H --tag NAME [--name NAME] [--dir DIR]

            Run `vncpilot COMMAND --help` for each command's options.

            exit status:

            """);
        w.Write(ExitCodes.Help);
        return error ? ExitCodes.Usage : ExitCodes.Ok;
    }

    public static int Run(string[] args)
    {
        var flags = new FlagSet($"{Program} run", "run a step script against a VNC server");
        flags.Synopsis.Add("--connect HOST:PORT [--password-file F] [--needles DIR] SCRIPT");
        var connect = flags.String("connect", "", "HOST:PORT", "The VNC server; a PORT below 100 is a display number (5900+N).");
        var conn = ConnectionFlags(flags);
        var needlesDir = flags.OptionalString("needles", "DIR", "Directory of openQA needles (NAME.json + NAME.png). Default: the script's directory.");
        var keyInterval = flags.Duration("key-interval", TimeSpan.FromMilliseconds(50), "DURATION", "Pause between typed keys (the script's `set key-interval` overrides it).");
        var failure = flags.String("failure-screenshot", "vncpilot-failure.png", "FILE", "Where the last screen is saved when a step fails.");
        flags.Description = """
            Runs SCRIPT one line at a time. Commands:
              wait-needle TAG [TAG...] [TIMEOUT]   wait until a needle named or tagged so matches (default 30s)
              wait-still [STILL] [TIMEOUT]         wait until the screen is unchanged for STILL (default 2s 30s)
              type "text"                          type text (US layout; \" \\ \n \t escapes)
              keys <enter><wait5>text<leftCtrlOn>b<leftCtrlOff>   Packer boot_command key syntax
              click NEEDLE|TAG [TIMEOUT]           wait for the needle, click its click_point
              click X,Y [left|middle|right]        click at a screen position
              screenshot FILE.png                  save the screen
              sleep DURATION                       pause (500ms, 5s, 1m30s)
              set key-interval DURATION            pause between typed keys
            Lines starting with # are comments.
            """;
        flags.Section("exit status", ExitCodes.Help);
        return CommandLine.Run(flags, args, positionals =>
        {
            if (positionals.Count != 1) throw new UsageException($"expected one SCRIPT, saw {positionals.Count} arguments");
            if (connect.Value.Length == 0) throw new UsageException("--connect HOST:PORT is required");
            var scriptPath = positionals[0];
            using var logging = ApplianceLogging.CreateFactory(ApplianceLogging.ParseLevel(conn.LogLevel.Value));
            var logger = logging.CreateLogger(Program);
            try
            {
                var steps = StepScript.Load(scriptPath);
                var needles = NeedleSet.Load(needlesDir.Value ?? Path.GetDirectoryName(Path.GetFullPath(scriptPath))!);
                ScriptRunner.Validate(steps, needles, scriptPath);
                var (host, port) = ParseEndpoint(connect.Value);
                using var record = conn.OpenRecording();
                using var client = RfbClient.Connect(host, port, conn.Options(record));
                var runner = new ScriptRunner(client, needles, logger, new ScriptRunnerOptions
                {
                    KeyInterval = keyInterval.Value,
                    FailureScreenshot = failure.Value,
                });
                var result = runner.Run(steps);
                if (result.Success) return ExitCodes.Ok;
                Console.Error.WriteLine($"{Program}: {scriptPath}:{result.Line}: {result.Message}");
                return result.ConnectionError is { } reason ? ExitCodes.For(reason) : ExitCodes.StepFailed;
            }
            catch (RfbException e)
            {
                Console.Error.WriteLine($"{Program}: {e.Message}");
                return ExitCodes.For(e.Reason);
            }
        });
    }

    public static int Screenshot(string[] args)
    {
        var flags = new FlagSet($"{Program} screenshot", "save a VNC server's screen as PNG");
        flags.Synopsis.Add("[--password-file F] HOST:PORT FILE.png");
        var conn = ConnectionFlags(flags);
        var settle = flags.Duration("settle", TimeSpan.FromMilliseconds(300), "DURATION", "After the first full frame, keep receiving updates this long.");
        flags.Section("exit status", ExitCodes.Help);
        return CommandLine.Run(flags, args, positionals =>
        {
            if (positionals.Count != 2) throw new UsageException($"expected HOST:PORT FILE.png, saw {positionals.Count} arguments");
            var (host, port) = ParseEndpoint(positionals[0]);
            try
            {
                using var record = conn.OpenRecording();
                using var client = RfbClient.Connect(host, port, conn.Options(record));
                if (!client.WaitForUpdate(0, TimeSpan.FromSeconds(15)))
                {
                    Console.Error.WriteLine($"{Program}: {positionals[0]}: no framebuffer update within 15 s");
                    return ExitCodes.Connection;
                }
                Thread.Sleep(settle.Value);
                client.ThrowIfFailed();
                var screen = client.Snapshot();
                Png.Write(positionals[1], screen);
                Console.Out.WriteLine($"{positionals[1]}: {screen.Width}x{screen.Height} from \"{client.DesktopName}\" (RFB {client.Version})");
                return ExitCodes.Ok;
            }
            catch (RfbException e)
            {
                Console.Error.WriteLine($"{Program}: {e.Message}");
                return ExitCodes.For(e.Reason);
            }
        });
    }

    public static int NeedleNew(string[] args)
    {
        var flags = new FlagSet($"{Program} needle new", "make an openQA needle from a screenshot");
        flags.Synopsis.Add("FILE.png --area X,Y,W,H [--area ...] --tag NAME [--tag ...] [--name NAME] [--dir DIR]");
        var areas = flags.List("area", "X,Y,W,H", "A match area in the screenshot (repeatable).");
        var excludes = flags.List("exclude", "X,Y,W,H", "An area to ignore, e.g. a clock (repeatable).");
        var tags = flags.List("tag", "NAME", "A tag scripts wait for (repeatable; at least one).");
        var name = flags.OptionalString("name", "NAME", "The needle's file name without extension. Default: the first tag.");
        var dir = flags.OptionalString("dir", "DIR", "Where NAME.json and NAME.png are written. Default: the screenshot's directory.");
        var match = flags.Int("match", (int)NeedleArea.DefaultMatchPercent, "PERCENT", "Similarity each area needs.", 1, 100);
        var margin = flags.Int("margin", NeedleArea.DefaultMargin, "PIXELS", "How far from its place each area is searched.", 0, 4096);
        var click = flags.OptionalString("click", "X,Y", "Click point relative to the first area. Default: its centre.");
        flags.Section("exit status", ExitCodes.Help);
        return CommandLine.Run(flags, args, positionals =>
        {
            if (positionals.Count != 1) throw new UsageException($"expected one FILE.png, saw {positionals.Count} arguments");
            if (areas.Value.Count == 0) throw new UsageException("--area X,Y,W,H is required");
            if (tags.Value.Count == 0) throw new UsageException("--tag NAME is required");
            int? cx = null, cy = null;
            if (click.Value is { } c)
            {
                var p = Numbers("--click", c, 2);
                (cx, cy) = (p[0], p[1]);
            }
            var list = new List<NeedleArea>();
            for (var i = 0; i < areas.Value.Count; i++)
            {
                var a = Numbers("--area", areas.Value[i], 4);
                list.Add(new NeedleArea(a[0], a[1], a[2], a[3], NeedleAreaKind.Match, match.Value, margin.Value,
                    i == 0 ? cx : null, i == 0 ? cy : null));
            }
            foreach (var e in excludes.Value)
            {
                var a = Numbers("--exclude", e, 4);
                list.Add(new NeedleArea(a[0], a[1], a[2], a[3], NeedleAreaKind.Exclude, match.Value, 0));
            }
            try
            {
                var needle = new Needle(name.Value ?? tags.Value[0], tags.Value, list, Png.Read(positionals[0]));
                var target = dir.Value ?? Path.GetDirectoryName(Path.GetFullPath(positionals[0]))!;
                needle.Save(target);
                Console.Out.WriteLine($"{Path.Combine(target, needle.Name)}.json: {list.Count} areas, tags {string.Join(",", tags.Value)}");
                return ExitCodes.Ok;
            }
            catch (RfbException e)
            {
                Console.Error.WriteLine($"{Program}: {e.Message}");
                return ExitCodes.For(e.Reason);
            }
        });
    }

    private static int[] Numbers(string flag, string text, int count)
    {
        var parts = text.Split(',');
        var values = new int[parts.Length];
        if (parts.Length != count || parts.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new UsageException($"{flag} {text}: expected {count} whole numbers separated by commas");
        for (var i = 0; i < count; i++) values[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
        return values;
    }

    /// <summary>HOST:PORT or [IPv6]:PORT; a port below 100 is a VNC display number (vncviewer's convention).</summary>
    internal static (string Host, int Port) ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new UsageException($"{text}: expected HOST:PORT (e.g. 127.0.0.1:5901)");
        var host = text[..colon].Trim('[', ']');
        return (host, port < 100 ? 5900 + port : port);
    }

    private static ConnectionFlagValues ConnectionFlags(FlagSet flags) => new(
        flags.OptionalString("password-file", "FILE", "VNC password: a text file (first line) or a vncpasswd file (8 obfuscated bytes)."),
        flags.String("encodings", "zrle,copyrect,raw", "LIST", "Encodings to ask for, in order (zrle, copyrect, raw)."),
        flags.Bool("no-qemu-keys", "Send keysyms only, never QEMU extended key events (XT scancodes)."),
        flags.Duration("timeout", TimeSpan.FromSeconds(10), "DURATION", "Bound on connecting and on each handshake read."),
        flags.OptionalString("record", "FILE", "Write every byte the server sends to FILE (for decoder tests)."),
        flags.String("log-level", "info", "LEVEL", "trace, debug, info, warn or error."));

    private sealed record ConnectionFlagValues(Flag<string?> PasswordFile, Flag<string> Encodings, Flag<bool> NoQemuKeys,
        Flag<TimeSpan> Timeout, Flag<string?> Record, Flag<string> LogLevel)
    {
        public FileStream? OpenRecording() => Record.Value is { } path ? new FileStream(path, FileMode.Create, FileAccess.Write) : null;

        public RfbClientOptions Options(Stream? record) => new()
        {
            Password = PasswordFile.Value is { } f ? PasswordFiles.Read(f) : null,
            Encodings = Encodings.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => e.ToLowerInvariant() switch
            {
                "zrle" => RfbEncoding.Zrle,
                "copyrect" => RfbEncoding.CopyRect,
                "raw" => RfbEncoding.Raw,
                _ => throw new UsageException($"--encodings: unknown encoding \"{e}\"; expected zrle, copyrect or raw"),
            }).ToList(),
            UseQemuKeys = !NoQemuKeys.Value,
            ConnectTimeout = Timeout.Value,
            ReadTimeout = Timeout.Value < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : Timeout.Value,
            RecordTo = record,
        };
    }
}
