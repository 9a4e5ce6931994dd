using Appliance.Core.Tables;

namespace Appliance.Dhcp.Pxe;

/// <summary>The node and osimage tables of the last successful reload, with the stamps of the files they came from.</summary>
public sealed class TableCache
{
    private (string NodesFile, FileStamp Nodes, string ImagesFile, FileStamp Images, NodeTable NodeTable, OsImageTable ImageTable)? _last;

    public (NodeTable, OsImageTable)? TryGet(string nodesFile, FileStamp nodes, string imagesFile, FileStamp images) =>
        _last is { } l && l.NodesFile == nodesFile && l.ImagesFile == imagesFile && l.Nodes == nodes && l.Images == images
        && nodes.Exists ? (l.NodeTable, l.ImageTable) : null;

    public void Set(string nodesFile, FileStamp nodes, string imagesFile, FileStamp images, NodeTable nodeTable, OsImageTable imageTable) =>
        _last = (nodesFile, nodes, imagesFile, images, nodeTable, imageTable);
}
