using Appliance.Core.Hosting;
using Appliance.Core.Paths;
using Appliance.Hosts.Floppygen;

var flags = new FlagSet("floppygen", "write per-node payload floppies (FAT12) and CDs (ISO9660+Joliet) carrying Autounattend.xml");
flags.Synopsis.AddRange(["<noderange> [--format floppy|iso|both] [--file [NAME=]PATH]... [--template FILE] [--output DIR]"]);
flags.Description = """
    For each node of the noderange, renders its answer file from a template (template= of the node, else of its
    osimage, or --template) with the node, osimage and site tables, and writes it as Autounattend.xml, with the
    --file extras beside it, into MEDIA/<node>.img (1.44 MB FAT12 floppy: VFAT long names, volume label, a boot
    sector that says it is not bootable) and/or MEDIA/<node>.iso (ISO 9660 with Joliet names). Windows Setup
    looks for Autounattend.xml at the root of every removable drive; Windows under UEFI and q35 VMs often see no
    floppy controller, hence the CD.

    Every node is rendered and checked first (unknown template variables, XML that is not well-formed, files that
    do not fit on a floppy): if any node fails, no image is written at all and each failure is printed. Each image
    is then written to a temporary file and renamed, so a reader never sees a partial image (and a VM that has the
    old image open keeps reading the old bytes). Like mkfs.fat and mtools, floppygen does not fsync unless --sync
    is given: after a power loss an image may be missing or empty; run floppygen again.

    --file PATH puts PATH's bytes on every image under its own name; NAME=PATH chooses the name on the image. A PATH
    ending in .tmpl is rendered per node as a text template (no XML escaping) and stored without the .tmpl suffix:
    --file sysprep.inf.tmpl gives each node its own A:\sysprep.inf (virtesk gold images read it there).

    Template syntax and variables: docs/ARCHITECTURE.md, "Answer-file templates".
    """;
flags.Section("Exit status", "0 every image was written; 1 a node failed (one line per node on stderr), nothing written; 2 usage error.");
flags.Section("Files", """
    PREFIX/etc/appliance/nodes, osimages, site   the tables
    PREFIX/etc/appliance/templates               site templates (else PREFIX/usr/share/appliance/templates)
    PREFIX/var/lib/appliance/media/<node>.img    floppy images
    PREFIX/var/lib/appliance/media/<node>.iso    CD images
    """);
flags.Section("Environment", "SOURCE_DATE_EPOCH  timestamp of files and volumes (reproducible images); default: now.");
flags.Section("Examples", """
    floppygen vm[001-200]                                  a floppy per VM with its Autounattend.xml
    floppygen lab --format both --file setup.ps1           floppy and CD, with a script beside the answer file
    floppygen gold01 --template xp.xml --answer-name unattend.xml --file sysprep.inf.tmpl
    """);
var pathFlags = new PathFlags(flags);
var options = new MediaOptions
{
    Format = flags.String("format", "floppy", "floppy|iso|both", "Which images to write."),
    Files = flags.List("file", "[NAME=]PATH", "An extra file for every image (repeatable); PATH.tmpl is rendered per node."),
    Template = flags.OptionalString("template", "FILE", "Answer-file template for every node, instead of the tables' template=."),
    Templates = flags.OptionalString("templates", "DIR", "Where relative template= names are found. Default: PREFIX/etc/appliance/templates, else PREFIX/usr/share/appliance/templates."),
    AnswerName = flags.String("answer-name", "Autounattend.xml", "NAME", "File name of the answer file on the images."),
    Label = flags.String("label", "UNATTEND", "LABEL", "Volume label (at most 11 characters: A-Z, 0-9, space, !#$%&'()-@^_`{}~)."),
    Output = flags.OptionalString("output", "DIR", "Where images go. Default: PREFIX/var/lib/appliance/media."),
    Site = flags.OptionalString("site", "FILE", "Site table. Default: PREFIX/etc/appliance/site."),
    Quiet = flags.Bool("quiet", "Print only failures."),
    Sync = flags.Bool("sync", "fsync every image before its rename and the output folder at the end (survives power loss; slower)."),
};

return CommandLine.Run(flags, args, positionals =>
{
    if (positionals.Count != 1)
        throw new UsageException(positionals.Count == 0 ? "expected a noderange (node01, node[01-10], a group, ^file)"
            : $"expected one noderange, saw {positionals.Count} arguments: {string.Join(' ', positionals)}");
    if (options.Format.Value is not ("floppy" or "iso" or "both"))
        throw new UsageException($"--format {options.Format.Value}: expected floppy, iso or both");
    return new MediaCommand(pathFlags.Resolve(), options, Console.Out, Console.Error).Run(positionals[0]);
});
