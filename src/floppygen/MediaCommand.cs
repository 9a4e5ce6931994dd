using System.Diagnostics;
using System.Globalization;
using Appliance.Core.Paths;
using Appliance.Core.Tables;
using Appliance.Media;
using Appliance.Unattend;
using Appliance.Unattend.Install;

namespace Appliance.Hosts.Floppygen;

/// <summary>
/// Renders and checks every node's files and stages its images (<see cref="StagedBatch"/>), then commits them all:
/// no image changes when any node fails. Each worker reuses one floppy buffer and one CD buffer for the whole range.
/// </summary>
internal sealed class MediaCommand(AppliancePaths paths, MediaOptions options, TextWriter stdout, TextWriter stderr)
{
    private const int ProgressMinimum = 100;

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
        var output = options.Output.Value is { } o ? Path.GetFullPath(o) : paths.MediaDir;
        ImageDirectory directory;
        try
        {
            Directory.CreateDirectory(output);
            directory = new ImageDirectory(output, options.Sync.Value);
        }
        catch (IOException e)
        {
            stderr.WriteLine($"floppygen: {e.Message}");
            return 1;
        }
        using (directory)
        {
            var batch = new StagedBatch(selected, directory, Timestamp());
            try
            {
                StageAll(batch, (node, buffers) => Render(node, buffers, osImages, site, writer, extras));
                if (batch.Failures > 0)
                {
                    batch.DiscardAll();
                    foreach (var error in batch.Errors) if (error is not null) stderr.WriteLine(error);
                    stderr.WriteLine($"floppygen: {batch.Failures} of {selected.Count} nodes failed; no image was written");
                    return 1;
                }
                batch.CommitAll();
                directory.Flush();
            }
            catch (IOException e)
            {
                // Images committed before the error stay (each is whole); the rest keep their old contents.
                batch.DiscardAll();
                stderr.WriteLine($"floppygen: {e.Message}");
                return 1;
            }
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
    /// Renders, checks and stages every node on every core in one pass, so each node's files go from the template into
    /// a temporary image while they are in the cache and only the workers' buffers stay alive. After a failure the
    /// remaining nodes are still rendered and checked, so every failure is reported, but no longer staged.
    /// </summary>
    private void StageAll(StagedBatch batch, Func<Node, ImageBuffers, MediaFile[]> render)
    {
        var count = batch.Nodes.Count;
        var done = 0;
        var step = Math.Max(1, count / 10);
        Workers.Run(count, () =>
        {
            var buffers = new ImageBuffers();
            return i =>
            {
                Stage(batch, i, render, buffers);
                var finished = Interlocked.Increment(ref done);
                if (!options.Quiet.Value && count >= ProgressMinimum && finished % step == 0 && finished < count)
                    lock (stderr) stderr.WriteLine($"floppygen: {finished}/{count} nodes written");
            };
        });
    }

    private void Stage(StagedBatch batch, int index, Func<Node, ImageBuffers, MediaFile[]> render, ImageBuffers buffers)
    {
        var node = batch.Nodes[index];
        MediaFile[] files;
        int used = 0, isoSize = 0;
        try
        {
            files = render(node, buffers);
            if (options.Floppy) used = Fat12Image.Measure(files, options.Label.Value);
            if (options.Iso) isoSize = Iso9660Image.GetSize(files);
        }
        catch (Exception e) when (e is UnattendException or MediaException)
        {
            batch.Fail(index, e is UnattendException ? $"floppygen: {e.Message}" : $"floppygen: node {node.Name}: {e.Message}");
            return;
        }
        if (batch.Failures > 0) return;
        if (options.Floppy)
            batch.Stage(index, iso: false, buffers.Floppy(used, files, options.Label.Value, batch.Timestamp), Fat12Layout.ImageSize);
        if (options.Iso)
            batch.Stage(index, iso: true, buffers.Iso(isoSize, files, options.Label.Value, batch.Timestamp), isoSize);
    }

    /// <summary>Renders the node's files into the worker's <paramref name="buffers"/>.</summary>
    private MediaFile[] Render(Node node, ImageBuffers buffers, OsImageTable osImages, IReadOnlyDictionary<string, string> site,
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
        var files = new MediaFile[1 + extras.Count];
        files[0] = new MediaFile(options.AnswerName.Value, buffers.Render(0, writer.LoadTemplate(template, node.Name), variables, node.Name));
        for (var i = 0; i < extras.Count; i++)
        {
            var extra = extras[i];
            var bytes = extra.Bytes ?? buffers.Render(i + 1, extra.Template!, variables, node.Name);
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
