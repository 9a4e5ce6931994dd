using Appliance.Core.Hosting;
using Appliance.Core.Paths;
using Appliance.Hosts.WinPeStage;

var flags = new FlagSet("winpe-stage", "stage WinPEs for network boot under <tftproot>/winboot/<name>/ and write their BCD stores");
flags.Synopsis.AddRange([
    "add <name> --from <media-folder|boot.wim> [--sdi FILE] [--firmware bios|uefi|both] [--force]",
    "list",
    "show <name|BCD file> [--verbose]",
    "remove <name>",
    "bcd --winpe <name> --firmware bios|uefi --out FILE",
]);
flags.Description = """
    add     Copy (hard link or reflink when possible) a WinPE into TFTPROOT/winboot/<name>/Boot/: boot.wim, boot.sdi,
            pxeboot.0 (pxeboot.n12) and bootmgr.exe for BIOS, bootmgfw.efi for UEFI, and one BCD store per firmware:
            Boot/BCD (BIOS, winload.exe) and Boot/BCD.efi (UEFI, winload.efi). bootmgr.exe also goes to the TFTP
            root, where pxeboot loads it (a warning says when a different one is replaced). --from takes an ADK media
            folder (copype: media/sources/boot.wim, media/Boot/boot.sdi, loaders under mount/Windows/Boot/) or a
            boot.wim; loaders and boot.sdi missing there are extracted from the WIM with wimlib-imagex (wimtools).
            Staging happens in a hidden folder that is renamed into place: a failure leaves nothing behind.
    list    The staged WinPEs, their stores and the nodes whose records point at them.
    show    A bcdedit /enum-style listing of a WinPE's stores, or of any BCD file.
    remove  Delete a staged WinPE; refused while records in the record file point at it (they are named).
    bcd     Write only the BCD store of a WinPE to FILE.

    DHCP option 252 for a WinPE: \winboot\<name>\Boot\BCD for BIOS clients, \winboot\<name>\Boot\BCD.efi for UEFI.
    After add and remove, tftpd is asked to re-index the TFTP root (control verb reindex) if it runs.
    """;
flags.Section("Exit status", "0 done; 1 failed (the reason on stderr); 2 usage error.");
flags.Section("Examples", """
    winpe-stage add winpe10 --from /srv/adk/WinPE_amd64
    winpe-stage add winpe11 --from /tmp/boot.wim --sdi /tmp/boot.sdi --firmware uefi
    winpe-stage show winpe10
    winpe-stage bcd --winpe winpe10 --firmware uefi --out /tmp/BCD.efi
    """);
var pathFlags = new PathFlags(flags);
var options = new StageFlags
{
    From = flags.OptionalString("from", "PATH", "add: ADK media folder (copype layout) or boot.wim."),
    Sdi = flags.OptionalString("sdi", "FILE", "add: boot.sdi, when neither the folder nor the WIM has it."),
    Index = flags.Int("index", 1, "N", "add: WIM image to take loaders from.", 1, 1000),
    Firmware = flags.String("firmware", "", "bios|uefi|both", "add: firmwares to stage (default both); bcd: bios or uefi."),
    Force = flags.Bool("force", "add: replace a WinPE staged under the same name."),
    Copy = flags.Bool("copy", "add: copy files even where a hard link would do."),
    Description = flags.OptionalString("description", "TEXT", "add, bcd: the loader's description (default \"WinPE <name>\")."),
    TftpBlockSize = flags.Int("tftp-blocksize", 0, "N", "add, bcd: write RamdiskTftpBlockSize (unverified encoding; 0 = omit).", 0, 65464),
    TftpWindowSize = flags.Int("tftp-windowsize", 0, "N", "add, bcd: write RamdiskTftpWindowSize (unverified encoding; 0 = omit).", 0, 65535),
    WinPe = flags.OptionalString("winpe", "NAME", "bcd: the WinPE whose store to write."),
    Out = flags.OptionalString("out", "FILE", "bcd: where to write the store."),
    Verbose = flags.Bool("verbose", "show: GUIDs instead of aliases, like bcdedit /v."),
    NoReindex = flags.Bool("no-reindex", "add, remove: do not ask tftpd to re-index."),
    Timeout = flags.Duration("timeout", TimeSpan.FromSeconds(5), "DURATION", "How long to wait for tftpd's answer."),
};

return CommandLine.Run(flags, args, positionals =>
{
    if (positionals.Count == 0) throw new UsageException("expected a command: add, list, show, remove or bcd");
    var command = new WinPeStageCommand(pathFlags.Resolve(), options, Console.Out, Console.Error);
    return command.Run(positionals[0], positionals.Skip(1).ToList());
});
