using System.Buffers.Binary;
using System.Net.Sockets;

namespace Appliance.Core.Control;

/// <summary>Who is on the other end of a Unix socket, from SO_PEERCRED (struct ucred: pid, uid, gid).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SOL_SOCKET = 1;
    private const int SO_PEERCRED = 17;
    private const int UcredLength = 12;

    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[UcredLength];
        var n = socket.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, ucred);
        if (n < UcredLength) throw new SocketException((int)SocketError.InvalidArgument);
        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }

    /// <summary>The peer's supplementary groups from /proc/&lt;pid&gt;/status (empty if the process is gone).</summary>
    public IReadOnlyList<uint> SupplementaryGroups()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal)) continue;
                return line[7..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                    .Select(g => uint.TryParse(g, out var v) ? v : uint.MaxValue).ToArray();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return [];
    }
}
