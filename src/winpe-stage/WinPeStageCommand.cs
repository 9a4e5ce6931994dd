using Appliance.Bcd;
using Appliance.Bcd.Staging;
using Appliance.Core.Control;
using Appliance.Core.Hosting;
using Appliance.Core.Paths;
using Appliance.Core.Records;

namespace Appliance.Hosts.WinPeStage;

/// <summary>The commands of winpe-stage over <see cref="WinPeStager"/>, the BCD library and the record file.</summary>
internal sealed partial class WinPeStageCommand(AppliancePaths paths, StageFlags flags, TextWriter stdout, TextWriter stderr)
{
    private const int ExitFailure = 1;
    private const long ProgressThreshold = 64L << 20;

    public int Run(string verb, IReadOnlyList<string> args)
    {
        try
        {
            return verb switch
            {
                "add" => Add(One(args, "add", "<name>")),
                "list" => List(None(args, "list")),
                "show" => Show(One(args, "show", "<name|BCD file>")),
                "remove" => Remove(One(args, "remove", "<name>")),
                "bcd" => Bcd(None(args, "bcd")),
                _ => throw new UsageException($"unknown command \"{verb}\"; expected add, list, show, remove or bcd"),
            };
        }
        catch (StagingException e)
        {
            return Fail(e.Message);
        }
        catch (BcdFormatException e)
        {
            return Fail(e.Message);
        }
        catch (RecordFileException e)
        {
            return Fail(e.Message);
        }
        catch (IOException e)
        {
            return Fail(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(e.Message);
        }
    }

    private int Add(string name)
    {
        var from = flags.From.Value ?? throw new UsageException("add needs --from <media-folder|boot.wim>");
        var (bios, uefi) = flags.Firmware.Value switch
        {
            "" or "both" => (true, true),
            "bios" => (true, false),
            "uefi" => (false, true),
            var f => throw new UsageException($"--firmware {f}: expected bios, uefi or both"),
        };
        var stager = new WinPeStager(paths.TftpRoot, new WimlibExtractor()) { Progress = ShowProgress };
        var result = stager.Add(new WinPeStageOptions
        {
            Name = name, From = from, Sdi = flags.Sdi.Value, ImageIndex = flags.Index.Value, Bios = bios, Uefi = uefi,
            Force = flags.Force.Value, NoHardLinks = flags.Copy.Value, Description = flags.Description.Value,
            TftpBlockSize = Optional(flags.TftpBlockSize.Value), TftpWindowSize = Optional(flags.TftpWindowSize.Value),
        });
        foreach (var warning in result.Warnings) stderr.WriteLine($"winpe-stage: warning: {warning}");
        stdout.WriteLine($"staged {name} in {result.Directory}");
        foreach (var file in result.Files) stdout.WriteLine($"  {file.RelativePath,-48} {file.Bytes,12:N0}  {file.Origin}");
        if (bios) stdout.WriteLine($"  BIOS: option 252 {WinPeNames.StorePath(name, BcdFirmware.Bios)}");
        if (uefi) stdout.WriteLine($"  UEFI: option 252 {WinPeNames.StorePath(name, BcdFirmware.Uefi)}");
        Reindex();
        return 0;
    }

    private int List(bool _)
    {
        var staged = new WinPeStager(paths.TftpRoot, new WimlibExtractor()).List();
        var users = RecordUsers();
        if (staged.Count == 0) stdout.WriteLine($"no WinPE staged under {Path.Combine(paths.TftpRoot, WinPeLayout.WinBootDir)}");
        foreach (var w in staged)
        {
            var stores = string.Join(",", new[] { w.HasBiosStore ? "bios" : null, w.HasUefiStore ? "uefi" : null }.OfType<string>());
            var nodes = users.TryGetValue(w.Name, out var list) ? string.Join(",", list) : "-";
            stdout.WriteLine($"{w.Name,-24} stores={(stores.Length == 0 ? "none" : stores),-10} wim={w.WimBytes / 1048576.0,8:0.0} MiB  nodes={nodes}");
        }
        return 0;
    }

    private int Show(string target)
    {
        if (File.Exists(target))
        {
            stdout.Write(BcdListing.Format(BcdStore.Load(target), flags.Verbose.Value));
            return 0;
        }
        if (WinPeNames.Check(target) is { } problem)
            return Fail($"{target}: no such file, and not a WinPE name ({problem})");
        var boot = Path.Combine(WinPeLayout.Directory(paths.TftpRoot, target), WinPeLayout.BootDir);
        var shown = 0;
        foreach (var firmware in new[] { BcdFirmware.Bios, BcdFirmware.Uefi })
        {
            var store = Path.Combine(boot, WinPeNames.StoreFileName(firmware));
            if (!File.Exists(store)) continue;
            if (shown++ > 0) stdout.WriteLine();
            var title = $"{store} ({(firmware == BcdFirmware.Uefi ? "UEFI" : "BIOS")})";
            stdout.WriteLine(title);
            stdout.WriteLine(new string('=', title.Length));
            stdout.Write(BcdListing.Format(BcdStore.Load(store), flags.Verbose.Value));
        }
        return shown > 0 ? 0 : Fail($"WinPE {target} is not staged: no BCD or BCD.efi in {boot}");
    }

    private int Remove(string name)
    {
        if (RecordUsers().TryGetValue(name, out var nodes))
            return Fail($"WinPE {name} is in use: records in {paths.RecordFile} point at it for {nodes.Count} node(s): " +
                $"{string.Join(", ", nodes)}; run `nodeset <nodes> boot` or set them to another osimage first");
        new WinPeStager(paths.TftpRoot, new WimlibExtractor()).Remove(name);
        stdout.WriteLine($"removed {name} from {Path.Combine(paths.TftpRoot, WinPeLayout.WinBootDir)}");
        Reindex();
        return 0;
    }

    private int Bcd(bool _)
    {
        var name = flags.WinPe.Value ?? throw new UsageException("bcd needs --winpe <name>");
        var output = flags.Out.Value ?? throw new UsageException("bcd needs --out FILE");
        var firmware = flags.Firmware.Value switch
        {
            "bios" => BcdFirmware.Bios,
            "uefi" => BcdFirmware.Uefi,
            var f => throw new UsageException($"bcd needs --firmware bios or --firmware uefi{(f.Length > 0 ? $", saw {f}" : "")}"),
        };
        var bytes = WinPeRamdiskRecipe.Build(new WinPeBcdOptions
        {
            WinPeName = name, Firmware = firmware, Description = flags.Description.Value,
            TftpBlockSize = Optional(flags.TftpBlockSize.Value), TftpWindowSize = Optional(flags.TftpWindowSize.Value),
        }).ToBytes(DateTime.UtcNow);
        var full = Path.GetFullPath(output);
        Appliance.Core.Files.AtomicFile.Write(full, bytes, durable: false);
        stdout.WriteLine($"wrote {full} ({bytes.Length} bytes, {(firmware == BcdFirmware.Uefi ? "UEFI" : "BIOS")}, loader {(firmware == BcdFirmware.Uefi ? WinPeRamdiskRecipe.UefiLoaderPath : WinPeRamdiskRecipe.BiosLoaderPath)})");
        return 0;
    }

    private int Fail(string message)
    {
        stderr.WriteLine($"winpe-stage: {message}");
        return ExitFailure;
    }

    private static uint? Optional(int value) => value > 0 ? (uint)value : null;

    private static string One(IReadOnlyList<string> args, string verb, string what) =>
        args.Count == 1 ? args[0] : throw new UsageException($"{verb} expects one argument {what}, saw {args.Count}");

    private static bool None(IReadOnlyList<string> args, string verb) =>
        args.Count == 0 ? true : throw new UsageException($"{verb} takes no arguments, saw {string.Join(' ', args)}");
}
