using System.Buffers.Binary;
using static Appliance.Media.Fat12Layout;

namespace Appliance.Media;

public static partial class Fat12Image
{
    /// <summary>
    /// Real-mode code at 0x7C3E, written for this project. It prints <see cref="NotBootableMessage"/> through the video
    /// BIOS (int 10h, AH=0Eh teletype), waits for a key (int 16h), then asks the BIOS for the next boot device
    /// (int 19h) and halts if that returns.
    /// <code>
    /// 7C3E  31 C0      xor  ax, ax
    /// 7C40  8E D8      mov  ds, ax
    /// 7C42  BE 5D 7C   mov  si, 7C5Dh      ; the message
    /// 7C45  FC         cld
    /// 7C46  AC         lodsb               ; next:
    /// 7C47  84 C0      test al, al
    /// 7C49  74 09      jz   7C54h          ; end of message
    /// 7C4B  B4 0E      mov  ah, 0Eh
    /// 7C4D  BB 07 00   mov  bx, 0007h      ; page 0, light grey
    /// 7C50  CD 10      int  10h
    /// 7C52  EB F2      jmp  7C46h
    /// 7C54  30 E4      xor  ah, ah         ; done: wait for a key
    /// 7C56  CD 16      int  16h
    /// 7C58  CD 19      int  19h            ; boot the next device
    /// 7C5A  F4         hlt
    /// 7C5B  EB FD      jmp  7C5Ah
    /// </code>
    /// </summary>
    private static ReadOnlySpan<byte> BootCode =>
    [
        0x31, 0xC0, 0x8E, 0xD8, 0xBE, 0x5D, 0x7C, 0xFC, 0xAC, 0x84, 0xC0, 0x74, 0x09, 0xB4, 0x0E, 0xBB,
        0x07, 0x00, 0xCD, 0x10, 0xEB, 0xF2, 0x30, 0xE4, 0xCD, 0x16, 0xCD, 0x19, 0xF4, 0xEB, 0xFD,
    ];

    /// <summary>The text the boot stub prints, NUL-terminated, right after the code.</summary>
    public static ReadOnlySpan<byte> NotBootableMessage =>
        "This floppy is not bootable: it carries unattended-setup files.\r\nPress a key to boot the next device.\r\n\0"u8;

    /// <summary>The jump over the BPB to the code at offset 0x3E (EB 3C 90: short jump, NOP).</summary>
    private static ReadOnlySpan<byte> JumpToCode => [0xEB, Boot.Code - 2, 0x90];

    private static void WriteBootSector(Span<byte> image, ReadOnlySpan<byte> label, DateTime timestamp)
    {
        var boot = image[..BytesPerSector];
        JumpToCode.CopyTo(boot[Boot.Jump..]);
        "MSWIN4.1"u8.CopyTo(boot[Boot.OemName..]); // fatgen103 §3.1: the most compatible OEM name
        WriteUInt16(boot, Boot.BytesPerSector, BytesPerSector);
        boot[Boot.SectorsPerCluster] = SectorsPerCluster;
        WriteUInt16(boot, Boot.ReservedSectors, ReservedSectors);
        boot[Boot.FatCount] = FatCount;
        WriteUInt16(boot, Boot.RootEntryCount, RootEntryCount);
        WriteUInt16(boot, Boot.TotalSectors16, TotalSectors);
        boot[Boot.Media] = MediaDescriptor;
        WriteUInt16(boot, Boot.SectorsPerFat, SectorsPerFat);
        WriteUInt16(boot, Boot.SectorsPerTrack, SectorsPerTrack);
        WriteUInt16(boot, Boot.Heads, Heads);
        boot[Boot.DriveNumber] = Boot.FloppyDrive;
        boot[Boot.BootSignature] = Boot.ExtendedBootSignature;
        // The serial number Windows derives from the format time; the same inputs give the same image.
        var dos = DosDateTime.From(timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(boot[Boot.VolumeId..], (uint)(dos.Date << 16 | dos.Time));
        label.CopyTo(boot[Boot.VolumeLabel..]);
        "FAT12   "u8.CopyTo(boot[Boot.FileSystemType..]);
        BootCode.CopyTo(boot[Boot.Code..]);
        NotBootableMessage.CopyTo(boot[(Boot.Code + BootCode.Length)..]);
        boot[Boot.Signature] = 0x55;
        boot[Boot.Signature + 1] = 0xAA;
    }
}
