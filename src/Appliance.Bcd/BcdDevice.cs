using System.Buffers.Binary;
using System.Text;

namespace Appliance.Bcd;

/// <summary>
/// The value of a device element (format 1). Byte layouts follow the project brief (docs/ARCHITECTURE.md, "BCD"),
/// which took them from stores written by bcdedit and from wimboot/Cobbler readers; Cobbler's writer stores the
/// ramdisk length big-endian and so breaks paths of 65 characters and more — we write every length little-endian.
/// </summary>
public sealed class BcdDevice
{
    /// <summary>Offsets of the boot device blob: 16 zero bytes, then a 72-byte "boot" descriptor.</summary>
    internal static class BootLayout
    {
        public const int OptionsGuid = 0x00;
        public const int Descriptor = 0x10;
        public const int Size = Descriptor + Descriptor72.Size; // 0x58
    }

    /// <summary>The 72-byte descriptor of the boot device: type 5, flags 0, length 0x48, then zeros.</summary>
    internal static class Descriptor72
    {
        public const int Type = 0x00;
        public const int Flags = 0x04;
        public const int Length = 0x08;
        public const int Reserved = 0x0C;
        public const int Size = 0x48;
        public const uint BootType = 5;
    }

    /// <summary>Offsets of the ramdisk device blob; Lp = bytes of the UTF-16LE path with its NUL.</summary>
    internal static class RamdiskLayout
    {
        public const int OptionsGuid = 0x00;      // the ramdisk options object, mixed-endian GUID bytes
        public const int Reserved1 = 0x10;        // 0
        public const int Flag1 = 0x14;            // 1
        public const int OuterLength = 0x18;      // 0x7C + Lp: bytes from 0x10 to the end
        public const int Reserved2 = 0x1C;        // 0
        public const int DeviceType = 0x20;       // 3 = ramdisk
        public const int Zeros = 0x24;            // 0x24–0x37 zero
        public const int ZerosEnd = 0x38;
        public const int ParentFlag = 0x38;       // 1
        public const int ParentLength = 0x3C;     // 0x54 + Lp: bytes from 0x38 to the end
        public const int ParentType = 0x40;       // 5 = boot
        public const int ParentDescriptor = 0x44; // the 72-byte boot descriptor
        public const int Path = ParentDescriptor + Descriptor72.Size; // 0x8C
        public const uint OuterLengthBase = 0x7C;
        public const uint ParentLengthBase = 0x54;
        public const uint RamdiskType = 3;
    }

    public BcdDeviceKind Kind { get; }

    /// <summary>For <see cref="BcdDeviceKind.Ramdisk"/>: the image path on the boot device, e.g. \winboot\pe\Boot\boot.wim.</summary>
    public string? Path { get; }

    /// <summary>For <see cref="BcdDeviceKind.Ramdisk"/>: the options object (ramdisksdidevice, ramdisksdipath).</summary>
    public Guid Options { get; }

    /// <summary>For <see cref="BcdDeviceKind.Unknown"/>: the blob as read.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    private BcdDevice(BcdDeviceKind kind, string? path, Guid options, ReadOnlyMemory<byte> raw)
    {
        Kind = kind;
        Path = path;
        Options = options;
        Raw = raw;
    }

    public static BcdDevice Boot { get; } = new(BcdDeviceKind.Boot, null, Guid.Empty, default);

    public static BcdDevice Ramdisk(string path, Guid options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('\\') || path.Contains('\0') || path.Contains('/'))
            throw new BcdFormatException(BcdErrorReason.BadDevice,
                $"ramdisk path: expected an absolute Windows path starting with '\\' (no '/' or NUL), saw \"{path}\"");
        return new(BcdDeviceKind.Ramdisk, path, options, default);
    }

    public byte[] Encode()
    {
        switch (Kind)
        {
            case BcdDeviceKind.Boot:
            {
                var blob = new byte[BootLayout.Size];
                WriteBootDescriptor(blob.AsSpan(BootLayout.Descriptor));
                return blob;
            }
            case BcdDeviceKind.Ramdisk:
            {
                var lp = (Path!.Length + 1) * 2;
                var blob = new byte[RamdiskLayout.Path + lp];
                var s = blob.AsSpan();
                Options.TryWriteBytes(s[RamdiskLayout.OptionsGuid..]);
                BinaryPrimitives.WriteUInt32LittleEndian(s[RamdiskLayout.Flag1..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(s[RamdiskLayout.OuterLength..], RamdiskLayout.OuterLengthBase + (uint)lp);
                BinaryPrimitives.WriteUInt32LittleEndian(s[RamdiskLayout.DeviceType..], RamdiskLayout.RamdiskType);
                BinaryPrimitives.WriteUInt32LittleEndian(s[RamdiskLayout.ParentFlag..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(s[RamdiskLayout.ParentLength..], RamdiskLayout.ParentLengthBase + (uint)lp);
                BinaryPrimitives.WriteUInt32LittleEndian(s[RamdiskLayout.ParentType..], Descriptor72.BootType);
                WriteBootDescriptor(s.Slice(RamdiskLayout.ParentDescriptor, Descriptor72.Size));
                Encoding.Unicode.GetBytes(Path, s[RamdiskLayout.Path..]); // the final two bytes stay 0: the NUL
                return blob;
            }
            default:
                return Raw.ToArray();
        }
    }

    private static void WriteBootDescriptor(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(d[Descriptor72.Type..], Descriptor72.BootType);
        BinaryPrimitives.WriteUInt32LittleEndian(d[Descriptor72.Flags..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(d[Descriptor72.Length..], Descriptor72.Size);
    }

    private static bool IsBootDescriptor(ReadOnlySpan<byte> d) =>
        d.Length >= Descriptor72.Size
        && BinaryPrimitives.ReadUInt32LittleEndian(d[Descriptor72.Type..]) == Descriptor72.BootType
        && BinaryPrimitives.ReadUInt32LittleEndian(d[Descriptor72.Length..]) == Descriptor72.Size;

    /// <summary>Recognises the boot and ramdisk blobs (checking every length field); anything else is Unknown.</summary>
    public static BcdDevice Decode(ReadOnlySpan<byte> blob)
    {
        if (blob.Length == BootLayout.Size && blob[..BootLayout.Descriptor].IndexOfAnyExcept((byte)0) < 0
            && IsBootDescriptor(blob[BootLayout.Descriptor..]))
            return Boot;
        if (blob.Length >= RamdiskLayout.Path + 2
            && BinaryPrimitives.ReadUInt32LittleEndian(blob[RamdiskLayout.DeviceType..]) == RamdiskLayout.RamdiskType
            && BinaryPrimitives.ReadUInt32LittleEndian(blob[RamdiskLayout.ParentType..]) == Descriptor72.BootType
            && IsBootDescriptor(blob[RamdiskLayout.ParentDescriptor..]))
        {
            var lp = blob.Length - RamdiskLayout.Path;
            var outer = BinaryPrimitives.ReadUInt32LittleEndian(blob[RamdiskLayout.OuterLength..]);
            var parent = BinaryPrimitives.ReadUInt32LittleEndian(blob[RamdiskLayout.ParentLength..]);
            if (outer != RamdiskLayout.OuterLengthBase + lp || parent != RamdiskLayout.ParentLengthBase + lp)
                throw new BcdFormatException(BcdErrorReason.BadDevice,
                    $"ramdisk device of {blob.Length} bytes: expected lengths 0x{RamdiskLayout.OuterLengthBase + lp:X} at 0x18 and " +
                    $"0x{RamdiskLayout.ParentLengthBase + lp:X} at 0x3C, saw 0x{outer:X} and 0x{parent:X}");
            var path = Encoding.Unicode.GetString(blob[RamdiskLayout.Path..][..(lp & ~1)]).TrimEnd('\0');
            return new(BcdDeviceKind.Ramdisk, path, new Guid(blob[..16]), default);
        }
        return new(BcdDeviceKind.Unknown, null, Guid.Empty, blob.ToArray());
    }

    /// <summary>As bcdedit prints it: "boot", "ramdisk=[boot]\path,{options}", or the raw bytes.</summary>
    public string ToDisplayString(Func<Guid, string> objectName) => Kind switch
    {
        BcdDeviceKind.Boot => "boot",
        BcdDeviceKind.Ramdisk => $"ramdisk=[boot]{Path},{objectName(Options)}",
        _ => $"unknown ({Raw.Length} bytes: {Convert.ToHexString(Raw.Span[..Math.Min(32, Raw.Length)])}{(Raw.Length > 32 ? "…" : "")})",
    };

    public override string ToString() => ToDisplayString(g => g.ToString("B"));
}
