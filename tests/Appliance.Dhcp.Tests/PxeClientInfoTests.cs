using System.Text;
using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Tests;

public class PxeClientInfoTests
{
    [Theory]
    [InlineData("0007", "PXEClient:Arch:00000:UNDI:002001", 7, ArchitectureSource.Option93)]
    [InlineData("000B0007", "PXEClient", 11, ArchitectureSource.Option93)]          // a list: the first is preferred
    [InlineData("", "PXEClient:Arch:00009:UNDI:003016", 9, ArchitectureSource.VendorClass)]
    [InlineData("07", "PXEClient:Arch:00006:UNDI:003016", 6, ArchitectureSource.VendorClass)] // odd 93 ignored
    [InlineData("", "PXEClient:Arch:0000x:UNDI:003016", 0, ArchitectureSource.Assumed)]
    [InlineData("", "PXEClient:Arch:99999", 0, ArchitectureSource.Assumed)]         // not a 16-bit value
    [InlineData("", "PXEClient:Arch:000", 0, ArchitectureSource.Assumed)]
    [InlineData("", "PXEClient", 0, ArchitectureSource.Assumed)]
    public void Architecture_comes_from_93_then_the_vendor_class(string hex93, string vendor, int expected, ArchitectureSource source)
    {
        PxeClientInfo.TryGetArchitecture(Convert.FromHexString(hex93), Encoding.ASCII.GetBytes(vendor), out var arch, out var seen);
        Assert.Equal(expected, arch);
        Assert.Equal(source, seen);
    }

    [Theory]
    [InlineData("PXEClient", true)]
    [InlineData("PXEClient:Arch:00007:UNDI:003016", true)]
    [InlineData("HTTPClient:Arch:00016", false)]
    [InlineData("MSFT 5.0", false)]
    [InlineData("PXECLIENT", false)]
    [InlineData("", false)]
    public void Only_vendor_classes_starting_with_PXEClient_are_PXE(string vendor, bool pxe) =>
        Assert.Equal(pxe, PxeClientInfo.IsPxeClient(Encoding.ASCII.GetBytes(vendor)));
}
