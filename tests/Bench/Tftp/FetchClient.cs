using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Appliance.Dhcp.Server;

namespace Appliance.Bench.Tftp;

/// <summary>
/// The bench's neutral TFTP client (`tftp-bench fetch`), used the same way for every server: one RRQ (octet) asking for
/// blksize, tsize and, when given, windowsize (RFC 2347/2348/2349/7440); lock-step when the server does not grant
/// windowsize (RFC 1350: every block ACKed). Receives with recvmmsg batches into an 8 MiB socket buffer, ACKs once per window (RFC 7440 §4) and, at the first duplicate or out-of-order block
/// since the last progress, ACKs the last in-order block so the server resends from there. Block numbers are 16 bits
/// and wrap (65535 → 0, as tftp-hpa sends). Data is not written anywhere: each block is folded into a running checksum,
/// compared after the transfer (outside the timed part) with the same fold over the file, and the length must match too.
/// Prints one line: `@@fetch seconds cpu-seconds bytes blksize window timeouts out-of-order`.
/// </summary>
internal static unsafe class FetchClient
{
    private const ushort OpRrq = 1, OpData = 3, OpAck = 4, OpError = 5, OpOack = 6;
    private const int Batch = 64;
    private const int SlotLength = 65536; // the largest UDP payload (also a GRO-coalesced one)
    private const int ControlLength = 64;
    private const int MaxTimeouts = 10;

    // tftp-bench fetch SERVER PORT FILE LOCAL_COPY BLKSIZE [WINDOWSIZE]
    public static int Run(string[] args)
    {
        var server = IPAddress.Parse(args[1]);
        var port = int.Parse(args[2], CultureInfo.InvariantCulture);
        var file = args[3];
        var local = args[4];
        var askBlock = int.Parse(args[5], CultureInfo.InvariantCulture);
        int? askWindow = args.Length > 6 && args[6] != "-" ? int.Parse(args[6], CultureInfo.InvariantCulture) : null;

        var fd = UdpInterop.socket(UdpInterop.AfInet, Libc.SockDgram, 0);
        if (fd < 0) return Fail($"socket: errno {Marshal.GetLastPInvokeError()}");
        // A receive buffer that holds a large window (8 MiB; the same for every server).
        if (Libc.SetInt(fd, Libc.SolSocket, Libc.SoRcvbufForce, 8 << 20) != 0) Libc.SetInt(fd, Libc.SolSocket, Libc.SoRcvbuf, 8 << 20);
        // UDP_GRO (only with TFTP_FETCH_GRO=1): a GSO burst that reaches the socket unsegmented (veth passes them
        // through) is then read as one. Off by default, so the kernel cuts every datagram apart before the socket, as
        // it would behind a NIC, and a GSO sender gains nothing on the receiving side.
        if (Environment.GetEnvironmentVariable("TFTP_FETCH_GRO") == "1") Libc.SetInt(fd, Libc.SolUdp, Libc.UdpGro, 1);
        Libc.SetTimeout(fd, TimeSpan.FromSeconds(1));
        var any = new UdpInterop.SockAddrIn { Family = UdpInterop.AfInet };
        if (UdpInterop.bind(fd, &any, sizeof(UdpInterop.SockAddrIn)) != 0) return Fail($"bind: errno {Marshal.GetLastPInvokeError()}");

        var slots = (byte*)NativeMemory.AlignedAlloc(Batch * SlotLength, 64);
        var control = (byte*)NativeMemory.AllocZeroed(Batch * ControlLength);
        var iov = (UdpInterop.IoVec*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(UdpInterop.IoVec)));
        var msgs = (UdpInterop.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(UdpInterop.MMsgHdr)));
        for (var i = 0; i < Batch; i++)
        {
            iov[i] = new UdpInterop.IoVec { Base = slots + (long)i * SlotLength, Length = SlotLength };
            msgs[i].Header.Iov = &iov[i];
            msgs[i].Header.IovLength = 1;
        }
        var ack = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(ack, 2), OpAck);

        // RRQ: opcode, file, "octet", options.
        var rrq = new MemoryStream();
        rrq.Write([0, (byte)OpRrq]);
        void Z(string s) { rrq.Write(Encoding.ASCII.GetBytes(s)); rrq.WriteByte(0); }
        Z(file); Z("octet"); Z("blksize"); Z(askBlock.ToString(CultureInfo.InvariantCulture)); Z("tsize"); Z("0");
        if (askWindow is { } aw) { Z("windowsize"); Z(aw.ToString(CultureInfo.InvariantCulture)); }
        var request = rrq.ToArray();
        var to = new UdpInterop.SockAddrIn { Family = UdpInterop.AfInet, Port = BinaryPrimitives.ReverseEndianness((ushort)port) };
        to.Address = BitConverter.ToUInt32(server.GetAddressBytes());

        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        fixed (byte* r = request) Libc.sendto(fd, r, (nuint)request.Length, 0, &to, (uint)sizeof(UdpInterop.SockAddrIn));

        var blockSize = 512; // RFC 1350 unless the OACK says otherwise
        var window = 1;
        long? tsize = null;
        var connected = false;
        ushort last = 0;          // the last in-order block received (0: none yet, or the OACK)
        var inWindow = 0;         // in-order blocks since the last ACK
        var gapAcked = false;     // already ACKed `last` for a dup/out-of-order block since the last progress
        long bytes = 0, blocks = 0, timeouts = 0, outOfOrder = 0;
        ulong sum = Fold.Seed;
        var done = false;

        void SendAck(ushort block)
        {
            BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(ack + 2, 2), block);
            Libc.send(fd, ack, 4, 0);
        }

        while (!done)
        {
            int n;
            if (!connected)
            {
                // The first answer names the server's TID (RFC 1350 §4): connect to it, so nothing else gets in.
                var from = default(UdpInterop.SockAddrIn);
                var fromLength = (uint)sizeof(UdpInterop.SockAddrIn);
                var got = (int)Libc.recvfrom(fd, slots, SlotLength, 0, &from, &fromLength);
                if (got < 0)
                {
                    if (++timeouts > MaxTimeouts) return Fail("no answer to the RRQ");
                    fixed (byte* r = request) Libc.sendto(fd, r, (nuint)request.Length, 0, &to, (uint)sizeof(UdpInterop.SockAddrIn));
                    continue;
                }
                Libc.connect(fd, &from, (uint)sizeof(UdpInterop.SockAddrIn));
                connected = true;
                msgs[0].Length = (uint)got;
                msgs[0].Header.ControlLength = 0;
                n = 1;
            }
            else
            {
                for (var i = 0; i < Batch; i++)
                {
                    msgs[i].Header.Control = control + i * ControlLength;
                    msgs[i].Header.ControlLength = ControlLength;
                }
                n = UdpInterop.recvmmsg(fd, msgs, Batch, Libc.MsgWaitForOne, null);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.Eintr) continue;
                    if (errno != Libc.Eagain) return Fail($"recvmmsg: errno {errno}");
                    if (++timeouts > MaxTimeouts) return Fail($"{MaxTimeouts} timeouts after block {last} ({bytes} bytes)");
                    SendAck(last); // our ACK may have been lost: say again where we are
                    gapAcked = true;
                    continue;
                }
            }

            for (var i = 0; i < n && !done; i++)
            {
                var datagram = new ReadOnlySpan<byte>(slots + (long)i * SlotLength, (int)msgs[i].Length);
                var segment = GroSegment(&msgs[i].Header);
                if (segment <= 0) segment = datagram.Length;
                for (var at = 0; at < datagram.Length && !done; at += segment)
                {
                    var packet = datagram.Slice(at, Math.Min(segment, datagram.Length - at));
                    if (packet.Length < 4) return Fail($"runt packet of {packet.Length} bytes");
                    var op = BinaryPrimitives.ReadUInt16BigEndian(packet);
                    if (op == OpData)
                    {
                        var block = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
                        if (block != (ushort)(last + 1))
                        {
                            // RFC 7440 §4: a gap or a duplicate: ACK the last block received in order, once until progress.
                            outOfOrder++;
                            if (!gapAcked) { SendAck(last); gapAcked = true; inWindow = 0; }
                            continue;
                        }
                        var data = packet[4..];
                        if (data.Length > blockSize) return Fail($"block {block}: {data.Length} bytes, more than blksize {blockSize}");
                        sum = Fold.Add(sum, data);
                        bytes += data.Length;
                        blocks++;
                        last = block;
                        gapAcked = false;
                        timeouts = 0;
                        if (data.Length < blockSize) { SendAck(block); done = true; }
                        else if (++inWindow >= window) { SendAck(block); inWindow = 0; }
                    }
                    else if (op == OpOack && blocks == 0)
                    {
                        ParseOack(packet[2..], ref blockSize, ref window, ref tsize);
                        SendAck(0);
                    }
                    else if (op == OpError)
                    {
                        return Fail($"server error {BinaryPrimitives.ReadUInt16BigEndian(packet[2..])}: {Encoding.ASCII.GetString(packet[4..]).TrimEnd('\0')}");
                    }
                }
            }
        }
        var seconds = sw.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        UdpInterop.close(fd);

        // Outside the timed part: the same fold over the file at the negotiated blksize, and the length.
        var expected = Fold.File(local, blockSize, out var length);
        if (bytes != length) return Fail($"received {bytes} bytes, the file has {length}");
        if (tsize is { } t && t != length) return Fail($"tsize {t}, the file has {length}");
        if (sum != expected) return Fail($"checksum {sum:x16}, the file's is {expected:x16}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"@@fetch {seconds:0.0000} {cpu:0.0000} {bytes} {blockSize} {window} {timeouts} {outOfOrder}"));
        return 0;
    }

    private static int GroSegment(UdpInterop.MsgHdr* header)
    {
        // One cmsghdr (len 8, level 4, type 4, data at 16): SOL_UDP/UDP_GRO carries the segment size (an int).
        if (header->ControlLength < 20) return 0;
        var c = (byte*)header->Control;
        return *(int*)(c + 8) == Libc.SolUdp && *(int*)(c + 12) == Libc.UdpGro ? *(int*)(c + 16) : 0;
    }

    private static void ParseOack(ReadOnlySpan<byte> options, ref int blockSize, ref int window, ref long? tsize)
    {
        var parts = Encoding.ASCII.GetString(options).Split('\0');
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            var value = long.Parse(parts[i + 1], CultureInfo.InvariantCulture);
            switch (parts[i].ToLowerInvariant())
            {
                case "blksize": blockSize = (int)value; break;
                case "windowsize": window = (int)value; break;
                case "tsize": tsize = value; break;
            }
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"fetch: {message}");
        return 1;
    }
}

/// <summary>
/// The running checksum: per block the sum of its 8-byte words (the tail zero-padded), folded in block order with an
/// FNV-style multiply, plus the block's length. Vectorised, so it costs a fraction of the receive copy.
/// </summary>
internal static class Fold
{
    public const ulong Seed = 0xcbf29ce484222325;

    public static ulong Add(ulong h, ReadOnlySpan<byte> block)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(block);
        var acc = Vector<ulong>.Zero;
        var i = 0;
        var vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(words);
        foreach (var v in vectors) acc += v;
        i = vectors.Length * Vector<ulong>.Count;
        var s = Vector.Sum(acc);
        for (; i < words.Length; i++) s += words[i];
        ulong tail = 0;
        var rest = block[(words.Length * 8)..];
        for (var j = 0; j < rest.Length; j++) tail |= (ulong)rest[j] << (8 * j);
        s += tail;
        return ((h ^ s) * 0x100000001b3) + (ulong)block.Length;
    }

    public static ulong File(string path, int blockSize, out long length)
    {
        using var f = System.IO.File.OpenRead(path);
        length = f.Length;
        var buffer = new byte[blockSize];
        var h = Seed;
        while (true)
        {
            var n = f.ReadAtLeast(buffer, blockSize, throwOnEndOfStream: false);
            h = Add(h, buffer.AsSpan(0, n));
            if (n < blockSize) return h;
        }
    }
}
