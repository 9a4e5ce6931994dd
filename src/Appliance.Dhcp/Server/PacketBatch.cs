using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Dhcp.Server;

/// <summary>
/// The memory of one receive loop for recvmmsg(2)/sendmmsg(2), allocated once in native memory (so the kernel's
/// pointers never move and nothing needs pinning or allocating per packet). Per slot: a receive buffer with its iovec,
/// source sockaddr_in and control area for IP_PKTINFO; and a reply buffer with its iovec, destination sockaddr_in and
/// a ready-made in_pktinfo control message (the reply's source address and interface), plus the answer's
/// <see cref="AnswerEvent"/> to count and report once the send went out.
/// </summary>
internal sealed unsafe class PacketBatch : IDisposable
{
    /// <summary>Datagrams per system call: enough to drain a burst in a few calls, small enough to stay in cache.</summary>
    public const int DefaultCapacity = 64;

    /// <summary>Room per received datagram for its control messages: CMSG_SPACE(sizeof(in_pktinfo)) is 32.</summary>
    private const int ReceiveControlLength = 64;

    private static readonly int SendControlLength = (sizeof(CmsgHdr) + sizeof(InPktInfo) + 7) & ~7;

    private readonly int _bufferLength;
    private MMsgHdr* _receive;
    private MMsgHdr* _send;
    private IoVec* _receiveIov;
    private IoVec* _sendIov;
    private SockAddrIn* _sources;
    private SockAddrIn* _destinations;
    private byte* _receiveControl;
    private byte* _sendControl;
    private byte* _receiveBuffers;
    private byte* _replyBuffers;
    private readonly AnswerEvent[] _answers;

    public PacketBatch(int capacity = DefaultCapacity, int bufferLength = ProxyDhcpServer.ReceiveBufferLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _bufferLength = bufferLength;
        _receive = Alloc<MMsgHdr>(capacity);
        _send = Alloc<MMsgHdr>(capacity);
        _receiveIov = Alloc<IoVec>(capacity);
        _sendIov = Alloc<IoVec>(capacity);
        _sources = Alloc<SockAddrIn>(capacity);
        _destinations = Alloc<SockAddrIn>(capacity);
        _receiveControl = Alloc<byte>(capacity * ReceiveControlLength);
        _sendControl = Alloc<byte>(capacity * SendControlLength);
        _receiveBuffers = Alloc<byte>(capacity * bufferLength);
        _replyBuffers = Alloc<byte>(capacity * bufferLength);
        _answers = new AnswerEvent[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _receiveIov[i] = new IoVec { Base = _receiveBuffers + i * bufferLength, Length = (nuint)bufferLength };
            _receive[i].Header = new MsgHdr
            {
                Name = &_sources[i], Iov = &_receiveIov[i], IovLength = 1, Control = _receiveControl + i * ReceiveControlLength,
            };
            var header = (CmsgHdr*)(_sendControl + i * SendControlLength);
            header->Length = (nuint)(sizeof(CmsgHdr) + sizeof(InPktInfo));
            header->Level = PacketSocket.IPPROTO_IP;
            header->Type = PacketSocket.IP_PKTINFO;
            _sendIov[i] = new IoVec { Base = _replyBuffers + i * bufferLength };
            _send[i].Header = new MsgHdr
            {
                Name = &_destinations[i], NameLength = (uint)sizeof(SockAddrIn), Iov = &_sendIov[i], IovLength = 1,
                Control = header, ControlLength = (nuint)SendControlLength,
            };
        }
        ResetReceive(capacity);
    }

    public int Capacity { get; }

    /// <summary>Datagrams the last receive returned.</summary>
    public int Received { get; private set; }

    /// <summary>Replies written since the last <see cref="ClearReplies"/>.</summary>
    public int Replies { get; private set; }

    internal MMsgHdr* ReceiveMessages => _receive;
    internal MMsgHdr* SendMessages => _send;

    /// <summary>Called by the socket before recvmmsg: the kernel rewrote name and control lengths of the slots it filled.</summary>
    internal void PrepareReceive() => ResetReceive(Received);

    internal void SetReceived(int count) => Received = count;

    private void ResetReceive(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _receive[i].Header.NameLength = (uint)sizeof(SockAddrIn);
            _receive[i].Header.ControlLength = ReceiveControlLength;
            _receive[i].Header.Flags = 0;
            _receive[i].Length = 0;
        }
    }

    /// <summary>The bytes of received datagram <paramref name="i"/>.</summary>
    public ReadOnlySpan<byte> Datagram(int i) =>
        new(_receiveBuffers + i * _bufferLength, (int)Math.Min(_receive[i].Length, (uint)_bufferLength));

    /// <summary>Where datagram <paramref name="i"/> came from and arrived (addresses big-endian numbers, 192.0.2.1 = 0xC0000201).</summary>
    public Datagram Describe(int i)
    {
        ref var message = ref _receive[i].Header;
        var datagram = new Datagram
        {
            SourceAddress = BinaryPrimitives.ReverseEndianness(_sources[i].Address),
            SourcePort = BinaryPrimitives.ReverseEndianness(_sources[i].Port),
            Truncated = (message.Flags & PacketSocket.MSG_TRUNC) != 0,
        };
        // cmsg(3): walk the control messages for IP_PKTINFO.
        var control = (byte*)message.Control;
        var offset = 0;
        while (offset + sizeof(CmsgHdr) <= (int)message.ControlLength)
        {
            var header = (CmsgHdr*)(control + offset);
            if (header->Length < (nuint)sizeof(CmsgHdr)) break;
            if (header->Level == PacketSocket.IPPROTO_IP && header->Type == PacketSocket.IP_PKTINFO)
            {
                var info = (InPktInfo*)(control + offset + sizeof(CmsgHdr));
                datagram.InterfaceIndex = info->InterfaceIndex;
                datagram.LocalAddress = BinaryPrimitives.ReverseEndianness(info->SpecificDestination);
                datagram.DestinationAddress = BinaryPrimitives.ReverseEndianness(info->Address);
            }
            offset += (int)((header->Length + 7) & ~(nuint)7);
        }
        return datagram;
    }

    /// <summary>The buffer the next reply is written into.</summary>
    public Span<byte> NextReply => new(_replyBuffers + Replies * _bufferLength, _bufferLength);

    /// <summary>
    /// Queues the reply written into <see cref="NextReply"/>: <paramref name="length"/> bytes to
    /// <paramref name="destination"/>:<paramref name="port"/>, sent from <paramref name="sourceAddress"/> out of
    /// interface <paramref name="interfaceIndex"/> (0: routing decides), reported as <paramref name="answer"/> once sent.
    /// </summary>
    public void AddReply(int length, uint destination, ushort port, uint sourceAddress, int interfaceIndex, in AnswerEvent answer)
    {
        var i = Replies++;
        _sendIov[i].Length = (nuint)length;
        _destinations[i] = SockAddrIn.Create(destination, port);
        var info = (InPktInfo*)(_sendControl + i * SendControlLength + sizeof(CmsgHdr));
        info->InterfaceIndex = interfaceIndex;
        info->SpecificDestination = BinaryPrimitives.ReverseEndianness(sourceAddress);
        info->Address = 0;
        _answers[i] = answer;
    }

    /// <summary>Reply <paramref name="i"/>'s answer, for the counters and the event queue.</summary>
    public ref readonly AnswerEvent Answer(int i) => ref _answers[i];

    /// <summary>Forgets the queued replies (and the index objects their answers point at).</summary>
    public void ClearReplies()
    {
        Array.Clear(_answers, 0, Replies);
        Replies = 0;
    }

    public void Dispose()
    {
        Free(ref _receive);
        Free(ref _send);
        Free(ref _receiveIov);
        Free(ref _sendIov);
        Free(ref _sources);
        Free(ref _destinations);
        Free(ref _receiveControl);
        Free(ref _sendControl);
        Free(ref _receiveBuffers);
        Free(ref _replyBuffers);
    }

    private static T* Alloc<T>(int count) where T : unmanaged => (T*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(T));

    private static void Free<T>(ref T* pointer) where T : unmanaged
    {
        NativeMemory.Free(pointer);
        pointer = null;
    }
}
