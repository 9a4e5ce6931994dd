using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Appliance.Core.Records;
using Appliance.Core.Tables;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// Reads the node table, the osimage table and the record file and joins them into a <see cref="BootIndex"/>.
/// A file that does not parse throws (TableFormatException / RecordFileException, naming file, line or record); the
/// caller keeps its previous index. Osimages may name loaders per architecture with `loader.ARCH=PATH` keys
/// (e.g. `loader.6=Boot/bootia32.efi`) and BCD stores with `bcd.ARCH=PATH`, which override the daemon's table for
/// nodes of that osimage.
/// </summary>
public static class BootIndexLoader
{
    public const string LoaderKeyPrefix = "loader.";
    public const string BcdKeyPrefix = "bcd.";

    public static BootIndex Load(long generation, string nodesFile, string osImagesFile, string recordFile,
        LoaderTable loaders, string? defaultWinPe, uint nextServer)
    {
        var nodes = NodeTable.Load(nodesFile);
        var images = OsImageTable.Load(osImagesFile);
        var records = RecordFile.Load(recordFile);
        return Build(generation, nodes, images, records, loaders, defaultWinPe, nextServer);
    }

    /// <summary>
    /// As <see cref="Load(long, string, string, string, LoaderTable, string?, uint)"/>, but re-parses the node and
    /// osimage tables only when their length or modification time (nanoseconds on Linux file systems) changed since
    /// <paramref name="cache"/> was filled: the usual reload after nodeset changes only the record file. The record file
    /// is always read.
    /// </summary>
    public static BootIndex Load(long generation, string nodesFile, string osImagesFile, string recordFile,
        LoaderTable loaders, string? defaultWinPe, uint nextServer, TableCache cache) =>
        Load(generation, nodesFile, osImagesFile, recordFile, loaders, defaultWinPe, nextServer, cache, out _);

    /// <summary>As above, saying how long each stage took (for the reload answer and log line).</summary>
    public static BootIndex Load(long generation, string nodesFile, string osImagesFile, string recordFile,
        LoaderTable loaders, string? defaultWinPe, uint nextServer, TableCache cache, out ReloadStages stages)
    {
        var started = Stopwatch.GetTimestamp();
        var nodesStamp = FileStamp.Of(nodesFile);
        var imagesStamp = FileStamp.Of(osImagesFile);
        var cached = cache.TryGet(nodesFile, nodesStamp, osImagesFile, imagesStamp, loaders);
        var nodeIndex = cached?.Index ?? BuildNodes(NodeTable.Load(nodesFile), OsImageTable.Load(osImagesFile), loaders);
        var tablesDone = Stopwatch.GetTimestamp();
        var records = RecordFile.Load(recordFile, cached?.Last.Records);
        var recordsDone = Stopwatch.GetTimestamp();
        var index = BootIndex.Build(generation, nodeIndex, records, loaders, defaultWinPe, nextServer, cached?.Last);
        var indexDone = Stopwatch.GetTimestamp();
        cache.Set(nodesFile, nodesStamp, osImagesFile, imagesStamp, loaders, nodeIndex, index);
        stages = new ReloadStages(cached is not null, Stopwatch.GetElapsedTime(started, tablesDone),
            Stopwatch.GetElapsedTime(tablesDone, recordsDone), Stopwatch.GetElapsedTime(recordsDone, indexDone));
        return index;
    }

    public static BootIndex Build(long generation, NodeTable nodes, OsImageTable images, RecordSnapshot records,
        LoaderTable loaders, string? defaultWinPe, uint nextServer) =>
        BootIndex.Build(generation, BuildNodes(nodes, images, loaders), records, loaders, defaultWinPe, nextServer, previous: null);

    /// <summary>The node maps of a node table, with each osimage's loader overrides (the daemon's table when none).</summary>
    public static NodeIndex BuildNodes(NodeTable nodes, OsImageTable images, LoaderTable loaders) =>
        NodeIndex.Build(nodes, name => images.TryGet(name, out var image) ? LoadersOf(image, loaders) : null);

    /// <summary>The node table's `arch=` words (NodeTable.Architectures) as RFC 4578 types.</summary>
    public static ushort? ArchitectureOf(string? arch) => arch switch
    {
        null or "" => null,
        "bios" => (ushort)PxeArchitecture.Bios,
        "ia32" => (ushort)PxeArchitecture.EfiIa32,
        "x64" => (ushort)PxeArchitecture.EfiX64,
        "arm64" => (ushort)PxeArchitecture.EfiArm64,
        _ => throw new FormatException($"arch: expected bios, ia32, x64 or arm64, saw \"{arch}\""),
    };

    public static uint ToUInt32(IPAddress? ip)
    {
        if (ip is null || ip.AddressFamily != AddressFamily.InterNetwork) return 0;
        Span<byte> b = stackalloc byte[4];
        ip.TryWriteBytes(b, out _);
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static LoaderTable? LoadersOf(OsImage image, LoaderTable defaults)
    {
        string Overrides(string prefix) => string.Join(',', image.Attributes
            .Where(a => a.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(a => $"{a.Key[prefix.Length..]}={a.Value}"));
        var loaders = Overrides(LoaderKeyPrefix);
        var bcds = Overrides(BcdKeyPrefix);
        if (loaders.Length == 0 && bcds.Length == 0) return null;
        try
        {
            return defaults.With(loaders).WithBcd(bcds);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"{image.File}:{image.Line}: osimage {image.Name}: {e.Message}", e);
        }
    }
}
