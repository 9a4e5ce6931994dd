using System.Diagnostics;
using System.Globalization;
using System.Text;
using Appliance.Core.Paths;
using Appliance.Core.Tables;
using Appliance.Media;
using Appliance.Unattend;
using Appliance.Unattend.Install;

namespace Appliance.Hosts.Floppygen;

/// <summary>
/// Renders every node's files, checks them all, then writes the images: nothing is written when any node fails.
/// One floppy buffer and one CD buffer are reused for the whole range.
/// </summary>
internal sealed class MediaCommand(AppliancePaths paths, MediaOptions options, TextWriter stdout, TextWriter stderr)
{
    private const int ProgressMinimum = 100;
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public int Run(string range)
    {
        var clock = Stopwatch.StartNew();
        NodeTable nodes;
        OsImageTable osImages;
        IReadOnlyDictionary<string, string> site;
        IReadOnlyList<Node> selected;
        List<ExtraFile> extras;
        try
        {
            nodes = NodeTable.Load(paths.NodesFile);
            osImages = OsImageTable.Load(paths.OsImagesFile);
            site = SiteTable.Load(options.Site.Value ?? paths.SiteFile);
            selected = NodeRange.Expand(range, nodes, Environment.CurrentDirectory);
            extras = options.Files.Value.Select(ExtraFile.Parse).ToList();
        }
        catch (Exception e) when (e is TableFormatException or NodeRangeException or UnattendException or IOException)
        {
            stderr.WriteLine($"floppygen: {e.Message}");
            return 1;
        }

        var writer = new NodeInstallWriter(paths.InstallDir, options.Templates.Value ?? TemplateLocations.Resolve(paths));
        var timestamp = Timestamp();
        // Render and check every node on every core, keeping table order for results and messages.
        var rendered = new MediaFile[selected.Count][];
        var errors = new string?[selected.Count];
        Workers.Run(selected.Count, () => i =>
        {
            var node = selected[i];
            try
            {
                var files = Render(node, osImages, site, writer, extras);
                if (options.Floppy) Fat12Image.Measure(files, options.Label.Value);
                if (options.Iso) Iso9660Image.GetSize(files);
                rendered[i] = files;
            }
            catch (Exception e) when (e is UnattendException or MediaException)
            {
                errors[i] = e is UnattendException ? $"floppygen: {e.Message}" : $"floppygen: node {node.Name}: {e.Message}";
            }
        });
        var failures = 0;
        foreach (var error in errors)
        {
            if (error is null) continue;
            failures++;
            stderr.WriteLine(error);
        }
        if (failures > 0)
        {
            stderr.WriteLine($"floppygen: {failures} of {selected.Count} nodes failed; no image was written");
            return 1;
        }

        var output = options.Output.Value is { } o ? Path.GetFullPath(o) : paths.MediaDir;
        try
        {
            Directory.CreateDirectory(output);
            using var directory = new ImageDirectory(output, options.Sync.Value);
            WriteImages(directory, selected, rendered, timestamp);
            directory.Flush();
        }
        catch (IOException e)
        {
            stderr.WriteLine($"floppygen: {e.Message}");
            return 1;
        }
        if (!options.Quiet.Value)
        {
            var kinds = options.Format.Value switch { "floppy" => "floppy image", "iso" => "CD image", _ => "floppy and CD image" };
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"floppygen: wrote {selected.Count} {kinds}{(selected.Count == 1 ? "" : "s")} to {output} in {clock.Elapsed.TotalMilliseconds:0} ms"));
        }
        return 0;
    }

    /// <summary>
    /// Writes every node's images on every core, each worker with its own buffers: a floppy buffer whose dirty prefix
    /// alone is cleared per image, and a CD buffer grown as needed. The first I/O error stops the run.
    /// </summary>
    private void WriteImages(ImageDirectory directory, IReadOnlyList<Node> selected, MediaFile[][] rendered, DateTime timestamp)
    {
        var count = selected.Count;
        var written = 0;
        var step = Math.Max(1, count / 10);
        Workers.Run(count, () =>
        {
            // Sized to the used part of the image (the rest is a hole in the file): a fresh array is all zeros.
            var floppy = Array.Empty<byte>();
            var dirty = 0;
            var iso = Array.Empty<byte>();
            return i =>
            {
                var name = selected[i].Name;
                var files = rendered[i];
                if (options.Floppy)
                {
                    var used = Fat12Image.Measure(files, options.Label.Value);
                    if (floppy.Length < used)
                    {
                        floppy = new byte[Math.Min(Fat12Layout.ImageSize, Math.Max(used, 2 * floppy.Length))];
                        dirty = 0;
                    }
                    dirty = Fat12Image.Write(files, floppy, options.Label.Value, timestamp, dirty);
                    directory.Write(name + ".img", floppy.AsSpan(0, dirty), Fat12Layout.ImageSize);
                }
                if (options.Iso)
                {
                    var size = Iso9660Image.GetSize(files);
                    if (iso.Length < size) iso = new byte[size];
                    Iso9660Image.Write(files, iso, options.Label.Value, timestamp);
                    directory.Write(name + ".iso", iso.AsSpan(0, size), size);
                }
                var done = Interlocked.Increment(ref written);
                if (!options.Quiet.Value && count >= ProgressMinimum && done % step == 0 && done < count)
                    lock (stderr) stderr.WriteLine($"floppygen: {done}/{count} nodes written");
            };
        });
    }

    private MediaFile[] Render(Node node, OsImageTable osImages, IReadOnlyDictionary<string, string> site,
        NodeInstallWriter writer, List<ExtraFile> extras)
    {
        OsImage? osImage = null;
        if (node.OsImage is { } name && !osImages.TryGet(name, out osImage))
            throw new UnattendException(UnattendError.MissingSetting, $"osimage {name} is not in {osImages.File}", node: node.Name);
        if (osImage is null && options.Template.Value is null)
            throw new UnattendException(UnattendError.MissingSetting,
                $"no osimage= in {node.File}:{node.Line} and no --template; expected one of them to choose the answer-file template", node: node.Name);
        var inputs = new NodeInputs
        {
            Node = node.Name, NodeAttributes = node.Attributes, OsImage = osImage?.Name ?? "",
            OsImageAttributes = osImage?.Attributes ?? new Dictionary<string, string>(), Site = site,
        };
        var variables = UnattendVariables.Build(inputs);
        var template = options.Template.Value is { } t ? Path.GetFullPath(t) : writer.TemplatePath(inputs);
        var answer = writer.LoadTemplate(template, node.Name).Render(variables, node.Name);
        var files = new MediaFile[1 + extras.Count];
        files[0] = new MediaFile(options.AnswerName.Value, s_utf8.GetBytes(answer));
        for (var i = 0; i < extras.Count; i++)
        {
            var extra = extras[i];
            var bytes = extra.Bytes ?? s_utf8.GetBytes(extra.Template!.Render(variables, node.Name));
            files[i + 1] = new MediaFile(extra.Name, bytes);
        }
        return files;
    }

    /// <summary>SOURCE_DATE_EPOCH (reproducible builds convention) or now, in UTC.</summary>
    private static DateTime Timestamp() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime
            : DateTime.UtcNow;
}
