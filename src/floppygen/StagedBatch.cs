using Appliance.Core.Tables;
using Appliance.Media;

namespace Appliance.Hosts.Floppygen;

/// <summary>
/// The images of one run: staged as temporary files while the nodes are rendered, then all committed (renamed over
/// the old images) when every node succeeded, or all discarded when one failed, so a failed run changes no image.
/// Workers call <see cref="Fail"/> and <see cref="Stage"/> for different nodes concurrently.
/// </summary>
internal sealed class StagedBatch(IReadOnlyList<Node> nodes, ImageDirectory directory, DateTime timestamp)
{
    private const byte FloppyStaged = 1;
    private const byte IsoStaged = 2;
    private readonly byte[] _staged = new byte[nodes.Count];
    private int _failures;

    public IReadOnlyList<Node> Nodes => nodes;
    public DateTime Timestamp => timestamp;
    /// <summary>The failure of each node, in table order; null for a node that succeeded.</summary>
    public string?[] Errors { get; } = new string?[nodes.Count];
    public int Failures => Volatile.Read(ref _failures);

    public void Fail(int index, string message)
    {
        Errors[index] = message;
        Interlocked.Increment(ref _failures);
    }

    /// <summary>Stages node <paramref name="index"/>'s floppy (<paramref name="iso"/> false) or CD image.</summary>
    public void Stage(int index, bool iso, ReadOnlySpan<byte> data, long length)
    {
        directory.Stage(ImageName(index, iso), data, length);
        _staged[index] |= iso ? IsoStaged : FloppyStaged;
    }

    /// <summary>
    /// Renames every staged image over its target, in table order; the first error stops and is thrown. One thread:
    /// renames in one folder serialize on the folder's lock, and a second thread would only spin on it.
    /// </summary>
    public void CommitAll()
    {
        for (var i = 0; i < _staged.Length; i++)
        {
            for (var kind = FloppyStaged; kind <= IsoStaged; kind++)
            {
                if ((_staged[i] & kind) == 0) continue;
                _staged[i] &= (byte)~kind;
                directory.Commit(ImageName(i, kind == IsoStaged));
            }
        }
    }

    /// <summary>Removes every temporary file still staged (after a failure); the old images stay.</summary>
    public void DiscardAll()
    {
        for (var i = 0; i < _staged.Length; i++)
        {
            if ((_staged[i] & FloppyStaged) != 0) directory.Discard(ImageName(i, iso: false));
            if ((_staged[i] & IsoStaged) != 0) directory.Discard(ImageName(i, iso: true));
            _staged[i] = 0;
        }
    }

    private string ImageName(int index, bool iso) => nodes[index].Name + (iso ? ".iso" : ".img");
}
