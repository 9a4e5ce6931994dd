namespace Appliance.Tftp.Tests;

public class TftpPacketTests
{
    [Fact]
    public void Data_header_and_ack_round_trip()
    {
        var b = new byte[8];
        Assert.Equal(4, TftpPacket.WriteDataHeader(b, 0xBEEF));
        Assert.Equal(Convert.FromHexString("0003BEEF"), b[..4]);
        Assert.True(TftpPacket.TryReadData(b, out var block, out var payload));
        Assert.Equal(0xBEEF, block);
        Assert.Equal(4, payload.Length);

        Assert.Equal(4, TftpPacket.WriteAck(b, 65535));
        Assert.Equal(Convert.FromHexString("0004FFFF"), b[..4]);
        Assert.True(TftpPacket.TryReadAck(b.AsSpan(0, 5), out var ack, out var extra));
        Assert.Equal(65535, ack);
        Assert.Equal(1, extra.Length);
    }

    [Theory]
    [InlineData("0004")]
    [InlineData("00030001")]
    [InlineData("")]
    public void Not_an_ack(string hex) => Assert.False(TftpPacket.TryReadAck(Convert.FromHexString(hex), out _, out _));

    [Fact]
    public void Error_round_trip_and_missing_terminator_tolerated()
    {
        var b = new byte[64];
        var n = TftpPacket.WriteError(b, TftpErrorCode.AccessViolation, "no\u00e9");
        Assert.Equal(Convert.FromHexString("000500026E6F3F00"), b[..n]);
        Assert.True(TftpPacket.TryReadError(Convert.FromHexString("000500084142"), out var code, out var msg));
        Assert.Equal(TftpErrorCode.OptionNegotiationFailed, code);
        Assert.Equal("AB"u8.ToArray(), msg.ToArray());
    }

    [Fact]
    public void Oack_lists_only_what_was_asked_in_a_fixed_order()
    {
        var asked = new TftpRequestOptions(BlockSize: 1468, TransferSize: 0, TimeoutSeconds: null, WindowSize: 16, MsftWindow: false);
        var n = TftpNegotiation.Negotiate(asked, TftpMode.Octet, fileSize: 12345, maxBlockSize: 65464, maxWindowSize: 64, pathBlockLimit: 65464);
        var b = new byte[128];
        var len = n.WriteOack(b);
        Assert.Equal("\0\u0006blksize\01468\0tsize\012345\0windowsize\016\0", System.Text.Encoding.ASCII.GetString(b, 0, len));
    }

    [Theory]
    // asked, max, path limit → negotiated (RFC 2348: the server may answer smaller)
    [InlineData(65464, 65464, 65464, 65464)]
    [InlineData(65464, 1024, 65464, 1024)]
    [InlineData(65464, 65464, 1468, 1468)]
    [InlineData(512, 65464, 1468, 512)]
    public void Block_size_is_clamped_to_limit_and_path(int asked, int max, int path, int expected)
    {
        var n = TftpNegotiation.Negotiate(new TftpRequestOptions(asked, null, null, null, false), TftpMode.Octet, 0, max, 64, path);
        Assert.Equal(expected, n.BlockSize);
        Assert.True(n.AckBlockSize);
    }

    [Fact]
    public void Window_is_capped_and_defaults_to_lock_step()
    {
        Assert.Equal(64, TftpNegotiation.Negotiate(new(null, null, null, 500, false), TftpMode.Octet, 0, 65464, 64, 65464).WindowSize);
        var plain = TftpNegotiation.Negotiate(default, TftpMode.Octet, 0, 65464, 64, 65464);
        Assert.Equal(1, plain.WindowSize);
        Assert.Equal(512, plain.BlockSize);
        Assert.False(plain.HasOack);
    }

    [Fact]
    public void Tsize_is_answered_only_in_octet_mode_like_tftp_hpa()
    {
        Assert.Equal(99, TftpNegotiation.Negotiate(new(null, 0, null, null, false), TftpMode.Octet, 99, 65464, 64, 65464).TransferSize);
        Assert.Null(TftpNegotiation.Negotiate(new(null, 0, null, null, false), TftpMode.NetAscii, 99, 65464, 64, 65464).TransferSize);
    }

    [Fact]
    public void Msftwindow_is_answered_with_the_wds_marker()
    {
        var n = TftpNegotiation.Negotiate(new(null, null, null, null, true), TftpMode.Octet, 0, 65464, 64, 65464);
        var b = new byte[64];
        var len = n.WriteOack(b);
        Assert.Equal("\0\u0006msftwindow\027182\0", System.Text.Encoding.ASCII.GetString(b, 0, len));
    }
}
