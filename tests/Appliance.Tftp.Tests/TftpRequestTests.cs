using System.Text;

namespace Appliance.Tftp.Tests;

public class TftpRequestTests
{
    private static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public void Reads_rrq_with_options_case_insensitively()
    {
        // RFC 2347 §2: option names are case-insensitive; values are decimal strings.
        var r = TftpRequest.Read(Bytes("\0\u0001\\Boot\\BCD\0OcTeT\0BLKSIZE\01468\0TSize\00\0timeout\03\0WindowSize\016\0"));
        Assert.Equal(TftpOpcode.ReadRequest, r.Opcode);
        Assert.Equal("\\Boot\\BCD", r.FileName);
        Assert.Equal(TftpMode.Octet, r.Mode);
        Assert.Equal(new TftpRequestOptions(1468, 0, 3, 16, false), r.Options);
    }

    [Theory]
    [InlineData("netascii", TftpMode.NetAscii)]
    [InlineData("NETASCII", TftpMode.NetAscii)]
    [InlineData("octet", TftpMode.Octet)]
    public void Reads_modes(string mode, TftpMode expected) =>
        Assert.Equal(expected, TftpRequest.Read(Bytes($"\0\u0001f\0{mode}\0")).Mode);

    [Fact]
    public void Reads_wrq() => Assert.Equal(TftpOpcode.WriteRequest, TftpRequest.Read(Bytes("\0\u0002f\0octet\0")).Opcode);

    [Theory]
    [InlineData("blksize\07\0", null)]          // below RFC 2348's minimum: ignored
    [InlineData("blksize\08\0", 8)]
    [InlineData("blksize\065464\0", 65464)]
    [InlineData("blksize\070000\0", 65464)]     // above: answered with the largest allowed
    [InlineData("blksize\0abc\0", null)]
    [InlineData("blksize\0\0", null)]
    [InlineData("blksize\0-1\0", null)]
    [InlineData("blksize\01024\0blksize\0512\0", 1024)] // first one wins
    public void Block_size_values(string options, int? expected) =>
        Assert.Equal(expected, TftpRequest.Read(Bytes("\0\u0001f\0octet\0" + options)).Options.BlockSize);

    [Theory]
    [InlineData("timeout\00\0", null)]
    [InlineData("timeout\0256\0", null)]
    [InlineData("timeout\0255\0", 255)]
    public void Timeout_values(string options, int? expected) =>
        Assert.Equal(expected, TftpRequest.Read(Bytes("\0\u0001f\0octet\0" + options)).Options.TimeoutSeconds);

    [Theory]
    [InlineData("windowsize\00\0", null)]
    [InlineData("windowsize\065536\0", null)]
    [InlineData("windowsize\065535\0", 65535)]
    public void Window_values(string options, int? expected) =>
        Assert.Equal(expected, TftpRequest.Read(Bytes("\0\u0001f\0octet\0" + options)).Options.WindowSize);

    [Fact]
    public void Unknown_options_and_an_unterminated_tail_are_ignored()
    {
        var r = TftpRequest.Read(Bytes("\0\u0001f\0octet\0multicast\0\0blksize\01428\0garb"));
        Assert.Equal(1428, r.Options.BlockSize);
        Assert.Null(r.Options.TransferSize);
    }

    [Fact]
    public void Msftwindow_is_recognised()
    {
        var r = TftpRequest.Read(Bytes("\0\u0001f\0octet\0msftwindow\031416\0"));
        Assert.True(r.Options.MsftWindow);
        Assert.True(r.Options.Any);
    }

    [Theory]
    [InlineData("", TftpFailure.Truncated)]
    [InlineData("\0", TftpFailure.Truncated)]
    [InlineData("\0\u0003\0\u0001", TftpFailure.UnexpectedOpcode)]
    [InlineData("\0\u0009f\0octet\0", TftpFailure.UnexpectedOpcode)]
    [InlineData("\0\u0001file", TftpFailure.MissingTerminator)]
    [InlineData("\0\u0001file\0octet", TftpFailure.MissingTerminator)]
    [InlineData("\0\u0001\0octet\0", TftpFailure.EmptyFileName)]
    [InlineData("\0\u0001f\0binary\0", TftpFailure.UnknownMode)]
    [InlineData("\0\u0001f\0mail\0", TftpFailure.ObsoleteMode)]
    [InlineData("\0\u0001fi\0le\0octet\0", TftpFailure.UnknownMode)] // a NUL inside the name ends it; the rest is not a mode
    [InlineData("\0\u0001\u00ff\u00fe\0octet\0", TftpFailure.InvalidFileNameEncoding)]
    public void Malformed_requests_are_rejected_by_reason(string packet, TftpFailure reason)
    {
        var e = Assert.Throws<TftpException>(() => TftpRequest.Read(Bytes(packet)));
        Assert.Equal(reason, e.Reason);
        Assert.Contains("TFTP request", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_messages_say_where_and_what_was_seen()
    {
        var e = Assert.Throws<TftpException>(() => TftpRequest.Read(Bytes("\0\u0001f\0binary\0")));
        Assert.Contains("offset 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"binary\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_names_decode()
    {
        var packet = new byte[64];
        var n = TftpPacket.WriteRequest(packet, TftpOpcode.ReadRequest, "boot/ä.efi", "octet");
        Assert.Equal("boot/ä.efi", TftpRequest.Read(packet.AsSpan(0, n)).FileName);
    }

    [Theory]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("x\ny", "x\\x0ay")]
    [InlineData("q\"", "q\\\"")]
    [InlineData("ä", "\\xe4")]
    [InlineData("€", "\\u20ac")]
    public void Names_are_escaped_for_logs(string name, string escaped) => Assert.Equal(escaped, TftpNames.Escape(name));

    [Fact]
    public void Long_names_are_summarised_in_logs()
    {
        var e = TftpNames.Escape(new string('a', 600));
        Assert.True(e.Length < 200);
        Assert.EndsWith("(600 chars)", e, StringComparison.Ordinal);
    }
}
