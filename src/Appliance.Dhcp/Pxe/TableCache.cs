namespace Appliance.Dhcp.Pxe;

/// <summary>
/// What the last successful reload made from the node and osimage tables: the stamps of the files, the node maps (for
/// the loader table they were built with) and the last index joined on those maps. The parsed tables themselves are
/// not kept: the daemon needs only the maps, and a heap without 100,000 Node objects is cheaper for every GC.
/// </summary>
public sealed class TableCache
{
    private Entry? _last;

    /// <summary>What a reload may reuse.</summary>
    public sealed record Entry(string NodesFile, FileStamp NodesStamp, string ImagesFile, FileStamp ImagesStamp,
        LoaderTable Loaders, NodeIndex Index, BootIndex Last);

    public Entry? TryGet(string nodesFile, FileStamp nodes, string imagesFile, FileStamp images, LoaderTable loaders) =>
        _last is { } l && l.NodesFile == nodesFile && l.ImagesFile == imagesFile && l.NodesStamp == nodes && l.ImagesStamp == images
        && ReferenceEquals(l.Loaders, loaders) && nodes.Exists ? l : null;

    public void Set(string nodesFile, FileStamp nodes, string imagesFile, FileStamp images, LoaderTable loaders,
        NodeIndex index, BootIndex last) =>
        _last = new Entry(nodesFile, nodes, imagesFile, images, loaders, index, last);
}
