using System.Buffers.Binary;
using Appliance.Registry;

namespace Appliance.Bcd.Tests;

/// <summary>Every object, element id, registry value type and value of the WinPE RAM-disk store, for both firmwares.</summary>
public sealed class WinPeRecipeTests
{
    private static readonly DateTime Time = new(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string BootManager = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
    private const string RamdiskOptions = "{ae5534e0-a924-466c-b836-758539a3ee3a}";

    private static RegistryKey HiveOf(string name, BcdFirmware firmware) =>
        HiveReader.Read(WinPeRamdiskRecipe.Build(new WinPeBcdOptions { WinPeName = name, Firmware = firmware }).ToBytes(Time));

    private static RegistryValue Element(RegistryKey root, string obj, string id) =>
        root.OpenSubKey($"Objects\\{obj}\\Elements\\{id}")?.GetValue("Element")
        ?? throw new Xunit.Sdk.XunitException($"Objects\\{obj}\\Elements\\{id}\\Element is missing");

    [Theory]
    [InlineData(BcdFirmware.Bios, @"\windows\system32\boot\winload.exe")]
    [InlineData(BcdFirmware.Uefi, @"\windows\system32\boot\winload.efi")]
    public void Store_holds_exactly_the_recipe(BcdFirmware firmware, string loaderPath)
    {
        const string name = "winpe10";
        var root = HiveOf(name, firmware);
        var loader = WinPeNames.LoaderId(name).ToString("B");

        Assert.Equal("BCD00000001", root.OpenSubKey("Description")!.GetValue("KeyName")!.AsString());
        var objects = root.GetSubKey("Objects")!.SubKeys.Select(k => k.Name).Order().ToArray();
        Assert.Equal(new[] { BootManager, RamdiskOptions, loader }.Order().ToArray(), objects);
        uint Type(string o) => root.OpenSubKey($"Objects\\{o}\\Description")!.GetValue("Type")!.AsDWord();
        Assert.Equal(0x10100002u, Type(BootManager));
        Assert.Equal(0x30000000u, Type(RamdiskOptions));
        Assert.Equal(0x10200003u, Type(loader));

        string[] Ids(string o) => root.OpenSubKey($"Objects\\{o}\\Elements")!.SubKeys.Select(k => k.Name).ToArray();
        Assert.Equal(["12000004", "23000003", "24000001", "25000004"], Ids(BootManager));
        Assert.Equal(["12000004", "31000003", "32000004"], Ids(RamdiskOptions));
        Assert.Equal(["11000001", "12000002", "12000004", "21000001", "22000002", "26000010", "26000022"], Ids(loader));

        // {bootmgr}
        AssertString(Element(root, BootManager, "12000004"), "Windows Boot Manager");
        AssertString(Element(root, BootManager, "23000003"), loader);
        var order = Element(root, BootManager, "24000001");
        Assert.Equal(RegistryValueKind.MultiString, order.Kind);
        Assert.Equal([loader], order.AsMultiString());
        AssertBinary(Element(root, BootManager, "25000004"), [30, 0, 0, 0, 0, 0, 0, 0]);

        // {ramdiskoptions}
        AssertBinary(Element(root, RamdiskOptions, "31000003"), BcdDevice.Boot.Encode());
        AssertString(Element(root, RamdiskOptions, "32000004"), @"\winboot\winpe10\Boot\boot.sdi");

        // OS loader
        var ramdisk = BcdDevice.Ramdisk(@"\winboot\winpe10\Boot\boot.wim", new Guid(RamdiskOptions)).Encode();
        AssertBinary(Element(root, loader, "11000001"), ramdisk);
        AssertString(Element(root, loader, "12000002"), loaderPath);
        AssertString(Element(root, loader, "12000004"), "WinPE winpe10");
        AssertBinary(Element(root, loader, "21000001"), ramdisk);
        AssertString(Element(root, loader, "22000002"), @"\windows");
        AssertBinary(Element(root, loader, "26000010"), [1]);
        AssertBinary(Element(root, loader, "26000022"), [1]);
    }

    [Fact]
    public void Tftp_tuning_elements_are_written_only_when_asked()
    {
        var store = WinPeRamdiskRecipe.Build(new WinPeBcdOptions
        {
            WinPeName = "pe", TftpBlockSize = 16384, TftpWindowSize = 64, TftpVariableWindow = true,
        });
        var root = HiveReader.Read(store.ToBytes(Time));
        var block = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(block, 16384);
        AssertBinary(Element(root, RamdiskOptions, "36000007"), block);
        AssertBinary(Element(root, RamdiskOptions, "36000008"), [64, 0, 0, 0, 0, 0, 0, 0]);
        AssertBinary(Element(root, RamdiskOptions, "3600000B"), [1]);
    }

    [Fact]
    public void Store_round_trips_through_the_reader_and_rebuilds_byte_for_byte()
    {
        var options = new WinPeBcdOptions { WinPeName = "x64-" + new string('n', 60), Firmware = BcdFirmware.Uefi };
        var bytes = WinPeRamdiskRecipe.Build(options).ToBytes(Time);
        Assert.Equal(bytes, WinPeRamdiskRecipe.Build(options).ToBytes(Time));
        var store = BcdStore.FromBytes(bytes);
        var loader = store.Find(WinPeNames.LoaderId(options.WinPeName))!;
        var device = loader.Require(BcdElementIds.OsDevice).AsDevice();
        Assert.Equal(BcdDeviceKind.Ramdisk, device.Kind);
        Assert.Equal(@"\winboot\" + options.WinPeName + @"\Boot\boot.wim", device.Path);
        Assert.True(loader.Require(BcdElementIds.WinPe).AsBoolean());
        Assert.Equal(30ul, store.Find(BcdWellKnownObjects.BootManager)!.Require(BcdElementIds.Timeout).AsInteger());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("has space")]
    public void Bad_winpe_names_are_refused(string name)
    {
        var e = Assert.Throws<BcdFormatException>(() => WinPeRamdiskRecipe.Build(new WinPeBcdOptions { WinPeName = name }));
        Assert.Equal(BcdErrorReason.InvalidName, e.Reason);
    }

    [Fact]
    public void Loader_id_is_a_stable_version_5_uuid_per_name()
    {
        var a = WinPeNames.LoaderId("winpe10");
        Assert.Equal(a, WinPeNames.LoaderId("winpe10"));
        Assert.NotEqual(a, WinPeNames.LoaderId("winpe11"));
        Assert.Equal('5', a.ToString()[14]);
        Assert.Contains(a.ToString()[19], "89ab");
    }

    [Fact]
    public void Element_values_must_match_their_format_nibble()
    {
        Assert.Throws<BcdFormatException>(() => BcdElement.String(0x26000022, "yes"));
        var root = HiveOf("pe", BcdFirmware.Bios);
        root.OpenSubKey($"Objects\\{RamdiskOptions}\\Elements\\32000004")!.SetValue(RegistryValue.Binary("Element", [1, 2]));
        var e = Assert.Throws<BcdFormatException>(() => BcdStore.FromHive(root, "test"));
        Assert.Equal(BcdErrorReason.WrongValueType, e.Reason);
        Assert.Contains("32000004", e.Message);
        Assert.Contains("expected String, saw Binary", e.Message);
    }

    [Fact]
    public void A_hive_without_objects_is_not_a_store()
    {
        var e = Assert.Throws<BcdFormatException>(() => BcdStore.FromHive(new RegistryKey("ROOT")));
        Assert.Equal(BcdErrorReason.NotABcdStore, e.Reason);
    }

    private static void AssertString(RegistryValue v, string expected)
    {
        Assert.Equal(RegistryValueKind.String, v.Kind);
        Assert.Equal(expected, v.AsString());
    }

    private static void AssertBinary(RegistryValue v, byte[] expected)
    {
        Assert.Equal(RegistryValueKind.Binary, v.Kind);
        Assert.Equal(expected, v.Data.ToArray());
    }
}
