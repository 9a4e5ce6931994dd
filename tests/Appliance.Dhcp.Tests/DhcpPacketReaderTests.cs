using Appliance.Dhcp.Protocol;

namespace Appliance.Dhcp.Tests;

public class DhcpPacketReaderTests
{
    private static List<(byte Code, string Hex)> Walk(byte[] packet, out DhcpError error)
    {
        var reader = new DhcpPacketReader(packet);
        var seen = new List<(byte, string)>();
        var e = reader.Options;
        while (e.MoveNext()) seen.Add(((byte)e.Current.Code, Convert.ToHexString(e.Current.Value)));
        error = e.Error;
        return seen;
    }

    [Fact]
    public void Header_fields_come_from_their_RFC_2131_offsets()
    {
        var b = RequestBuilder.Pxe(1, 7);
        b.Ciaddr = 0xC0000205; b.Giaddr = 0x0A000001; b.Xid = 0xDEADBEEF; b.Flags = 0x8000;
        var reader = new DhcpPacketReader(b.Build());
        Assert.Equal(1, reader.Op);
        Assert.Equal(1, reader.HType);
        Assert.Equal(6, reader.HLen);
        Assert.Equal(0xDEADBEEFu, reader.Xid);
        Assert.Equal(0x8000, reader.Flags);
        Assert.Equal(0xC0000205u, reader.Ciaddr);
        Assert.Equal(0x0A000001u, reader.Giaddr);
        Assert.Equal("525400123456", Convert.ToHexString(reader.Chaddr[..6]));
        Assert.Equal(DhcpMessageType.Discover, reader.MessageType);
    }

    [Fact]
    public void Options_are_returned_in_order_and_pad_is_skipped()
    {
        var b = new RequestBuilder().Add(53, 1).Add(0 /* pad written as option with len: not used */);
        b.Options.Clear();
        b.Add(53, 3);
        var bytes = b.Build().ToList();
        bytes.InsertRange(240, new byte[] { 0, 0, 0 }); // three pads before the first option
        var seen = Walk(bytes.ToArray(), out var error);
        Assert.Equal(DhcpError.None, error);
        Assert.Equal([(53, "03")], seen);
    }

    [Theory]
    [InlineData(1, "file")]
    [InlineData(2, "sname")]
    [InlineData(3, "both")]
    public void Overload_52_reads_file_then_sname_after_the_options_field(byte overload, string _)
    {
        var b = new RequestBuilder().Add(53, 1).Add(52, overload);
        b.File = [60, 3, (byte)'a', (byte)'b', (byte)'c', 255];
        b.Sname = [93, 2, 0, 7, 255];
        var seen = Walk(b.Build(), out var error);
        Assert.Equal(DhcpError.None, error);
        var expected = new List<(byte, string)> { (53, "01"), (52, overload.ToString("X2")) };
        if ((overload & 1) != 0) expected.Add((60, "616263"));
        if ((overload & 2) != 0) expected.Add((93, "0007"));
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Overload_inside_file_or_sname_is_not_honoured_so_loops_cannot_happen()
    {
        var b = new RequestBuilder().Add(53, 1).Add(52, 1);
        b.File = [52, 1, 3, 52, 1, 3, 255]; // would re-open sname and file again if honoured
        b.Sname = [60, 1, (byte)'x', 255];
        var seen = Walk(b.Build(), out var error);
        Assert.Equal(DhcpError.None, error);
        Assert.Equal([(53, "01"), (52, "01"), (52, "03"), (52, "03")], seen);
    }

    [Fact]
    public void Without_overload_file_and_sname_are_not_options()
    {
        var b = new RequestBuilder().Add(53, 1);
        b.File = [60, 3, (byte)'a', (byte)'b', (byte)'c', 255];
        Assert.Equal([(53, "01")], Walk(b.Build(), out _));
    }

    [Fact]
    public void A_missing_end_option_is_tolerated_at_the_end_of_the_area()
    {
        var b = new RequestBuilder { End = false }.Add(53, 1).Add(60, (byte)'P');
        var seen = Walk(b.Build(padTo: 0), out var error);
        Assert.Equal(DhcpError.None, error);
        Assert.Equal([(53, "01"), (60, "50")], seen);
    }

    [Theory]
    [InlineData("3501", "length byte past the end")]
    [InlineData("350501", "value past the end")]
    [InlineData("35", "no length byte")]
    public void Overrunning_options_stop_the_walk_with_OptionOverrun(string tail, string _)
    {
        var head = new RequestBuilder { End = false }.Build(padTo: 0);
        var packet = head.Concat(Convert.FromHexString(tail)).ToArray();
        if (tail == "3501") packet = packet[..^1];
        Walk(packet, out var error);
        Assert.Equal(DhcpError.OptionOverrun, error);
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 4 })]
    [InlineData(new byte[] { 1, 1 })]
    public void A_bad_overload_value_is_an_error(byte[] value)
    {
        var b = new RequestBuilder().Add(52, value);
        Walk(b.Build(), out var error);
        Assert.Equal(DhcpError.BadOverload, error);
    }

    [Fact]
    public void An_option_in_file_cannot_run_into_the_magic_cookie()
    {
        var b = new RequestBuilder().Add(52, 1);
        b.File = [.. new byte[125], 60, 10]; // length 10 at offset 126 of 128
        Walk(b.Build(), out var error);
        Assert.Equal(DhcpError.OptionOverrun, error);
    }

    [Fact]
    public void Short_buffers_and_bad_cookies_are_refused_with_reason_and_message()
    {
        Assert.False(DhcpPacketReader.TryCreate(new byte[239], out _, out var e1));
        Assert.Equal(DhcpError.TooShort, e1);
        var ex = Assert.Throws<DhcpException>(() => new DhcpPacketReader(new byte[239]));
        Assert.Equal(DhcpError.TooShort, ex.Reason);
        Assert.Contains("expected at least 240 bytes", ex.Message);
        Assert.Contains("saw 239", ex.Message);

        var noCookie = new RequestBuilder { Cookie = false }.Build();
        Assert.False(DhcpPacketReader.TryCreate(noCookie, out _, out var e2));
        Assert.Equal(DhcpError.BadMagicCookie, e2);
        var ex2 = Assert.Throws<DhcpException>(() => new DhcpPacketReader(noCookie));
        Assert.Contains("saw 01020304", ex2.Message);
    }

    [Fact]
    public void Every_prefix_of_a_request_is_read_or_refused_without_throwing()
    {
        var packet = RequestBuilder.Pxe(1, 7).Build(padTo: 0);
        for (var n = 0; n <= packet.Length; n++)
        {
            if (!DhcpPacketReader.TryCreate(packet.AsSpan(0, n), out var reader, out _)) continue;
            var error = reader.Validate();
            Assert.True(error is DhcpError.None or DhcpError.OptionOverrun, $"prefix {n}: {error}");
        }
    }
}
