using Appliance.Dhcp.Protocol;

namespace Appliance.Dhcp.Tests;

public class DhcpPacketWriterTests
{
    [Fact]
    public void Writes_header_options_end_and_pads_to_300_bytes()
    {
        var buffer = new byte[576];
        buffer.AsSpan().Fill(0xEE);
        var w = new DhcpPacketWriter(buffer);
        w.WriteHeader(2, 1, 6, 0x01020304, 0x8000, 0, 0, 0xC0000201, 0, [0x52, 0x54, 0, 1, 2, 3]);
        Assert.True(w.TrySetFile("winboot/x/Boot/pxeboot.0"u8));
        w.WriteOption(DhcpOptionCode.MessageType, 2);
        w.WriteAddressOption(DhcpOptionCode.ServerIdentifier, 0xC0000201);
        var length = w.Finish();
        Assert.Equal(300, length);
        // hand-checked offsets (RFC 2131 §2)
        Assert.Equal(2, buffer[0]);
        Assert.Equal("01020304", Convert.ToHexString(buffer, 4, 4));
        Assert.Equal("C0000201", Convert.ToHexString(buffer, 20, 4));
        Assert.Equal("525400010203" + new string('0', 20), Convert.ToHexString(buffer, 28, 16));
        Assert.Equal("winboot/x/Boot/pxeboot.0\0", System.Text.Encoding.ASCII.GetString(buffer, 108, 25));
        Assert.All(buffer[133..236], b => Assert.Equal(0, b));
        Assert.Equal("63825363" + "350102" + "3604C0000201" + "FF", Convert.ToHexString(buffer, 236, 14));
        Assert.All(buffer[250..300], b => Assert.Equal(0, b));
        Assert.Equal(0xEE, buffer[300]);
    }

    [Fact]
    public void Round_trips_through_the_reader()
    {
        var buffer = new byte[576];
        var w = new DhcpPacketWriter(buffer);
        w.WriteHeader(2, 1, 6, 7, 0, 0, 0, 0, 0, [1, 2, 3, 4, 5, 6]);
        w.WriteOption(DhcpOptionCode.VendorClassIdentifier, "PXEClient"u8);
        w.WriteOption(DhcpOptionCode.BcdPath, new byte[255]);
        var length = w.Finish();
        var r = new DhcpPacketReader(buffer.AsSpan(0, length));
        Assert.True(r.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out var vc));
        Assert.Equal("PXEClient"u8.ToArray(), vc.ToArray());
        Assert.True(r.TryGetOption(DhcpOptionCode.BcdPath, out var bcd));
        Assert.Equal(255, bcd.Length);
        Assert.Equal(DhcpError.None, r.Validate());
    }

    [Fact]
    public void File_names_of_128_bytes_do_not_fit_with_their_NUL()
    {
        var w = new DhcpPacketWriter(new byte[576]);
        Assert.False(w.TrySetFile(new byte[128]));
        Assert.True(w.TrySetFile(new byte[127]));
    }

    [Fact]
    public void Options_that_do_not_fit_are_refused_and_nothing_is_written()
    {
        var buffer = new byte[300];
        var w = new DhcpPacketWriter(buffer);
        Assert.True(w.TryWriteOption(DhcpOptionCode.BcdPath, new byte[55]));   // 240 + 57 = 297, End at 297
        var before = w.Position;
        Assert.False(w.TryWriteOption(DhcpOptionCode.BcdPath, new byte[1]));  // 297 + 3 + End > 300
        Assert.Equal(before, w.Position);
        try
        {
            w.WriteOption(DhcpOptionCode.BcdPath, new byte[256]);
            Assert.Fail("expected DhcpException");
        }
        catch (DhcpException ex)
        {
            Assert.Equal(DhcpError.OptionTooLong, ex.Reason);
            Assert.Contains("256 bytes", ex.Message);
        }
        Assert.Throws<DhcpException>(() => new DhcpPacketWriter(new byte[299]));
    }
}
