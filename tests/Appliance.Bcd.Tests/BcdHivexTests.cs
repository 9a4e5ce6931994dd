using System.Text;
using Appliance.Registry;
using Appliance.Registry.Tests;

namespace Appliance.Bcd.Tests;

/// <summary>Stores we write, read by hivex: every element's registry type and bytes as hivexregedit exports them.</summary>
public sealed class BcdHivexTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("winpe10", BcdFirmware.Bios)]
    [InlineData("x64-with-a-name-long-enough-to-pass-65-chars-total", BcdFirmware.Uefi)]
    public void Hivexregedit_sees_every_element_with_its_type_and_bytes(string name, BcdFirmware firmware)
    {
        var store = WinPeRamdiskRecipe.Build(new WinPeBcdOptions { WinPeName = name, Firmware = firmware, TftpBlockSize = 8192 });
        var path = _dir.File("BCD");
        File.WriteAllBytes(path, store.ToBytes(DateTime.UtcNow));

        var text = PeerTools.RunOk(PeerTools.Peer("hivexregedit", "libwin-hivex-perl"), ["--export", path, "\\"], encoding: Encoding.Latin1);
        var exported = new Dictionary<string, (uint Kind, byte[] Data)>(StringComparer.OrdinalIgnoreCase);
        string? key = null;
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith('[')) key = line[1..^1];
            else if (line.StartsWith('"') && key is not null)
            {
                var (valueName, rest) = RegText.SplitName(line);
                exported[key + "|" + valueName] = RegText.ParseData(rest);
            }
        }

        var (kind, data) = exported[@"\Description|KeyName"];
        Assert.Equal((uint)RegistryValueKind.String, kind);
        Assert.Equal("BCD00000001\0", Encoding.Unicode.GetString(data));
        var elements = 0;
        foreach (var obj in store.Objects)
        {
            var objKey = $@"\Objects\{obj.Id:B}";
            var type = exported[objKey + @"\Description|Type"];
            Assert.Equal((uint)RegistryValueKind.DWord, type.Kind);
            Assert.Equal(obj.Type, BitConverter.ToUInt32(type.Data));
            foreach (var element in obj.Elements)
            {
                var seen = exported[$@"{objKey}\Elements\{element.Id:X8}|Element"];
                var expectedKind = element.Format switch
                {
                    BcdElementFormat.String or BcdElementFormat.Object => RegistryValueKind.String,
                    BcdElementFormat.ObjectList => RegistryValueKind.MultiString,
                    _ => RegistryValueKind.Binary,
                };
                Assert.Equal((uint)expectedKind, seen.Kind);
                Assert.Equal(element.Value.Data.ToArray(), seen.Data);
                elements++;
            }
        }
        Assert.Equal(15, elements);
    }

    [Fact]
    public void Hivexget_reads_the_loader_path_and_the_ramdisk_device()
    {
        var store = WinPeRamdiskRecipe.Build(new WinPeBcdOptions { WinPeName = "pe", Firmware = BcdFirmware.Uefi });
        var path = _dir.File("BCD.efi");
        File.WriteAllBytes(path, store.ToBytes(DateTime.UtcNow));
        var loader = WinPeNames.LoaderId("pe").ToString("B");
        var hivexget = PeerTools.Peer("hivexget", "libhivex-bin");
        var winload = PeerTools.RunOk(hivexget, [path, $@"\Objects\{loader}\Elements\12000002", "Element"]).TrimEnd('\n');
        Assert.Equal(@"\windows\system32\boot\winload.efi", winload);
        var sdi = PeerTools.RunOk(hivexget, [path, @"\Objects\{ae5534e0-a924-466c-b836-758539a3ee3a}\Elements\32000004", "Element"]).TrimEnd('\n');
        Assert.Equal(@"\winboot\pe\Boot\boot.sdi", sdi);
    }
}
