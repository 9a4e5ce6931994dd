using System.Security.Cryptography;
using System.Text;
using Appliance.Integration.Support;
using Appliance.Media;

namespace Appliance.Integration.Media;

/// <summary>
/// The Linux kernel's own vfat and isofs drivers mount our images (loop, read-only, iocharset=utf8) and read every
/// file. The machine running the tests may lack those drivers (containers often do), so the kernel of Debian's
/// linux-image-cloud-amd64 boots in QEMU with a busybox initramfs holding the images and the modules; its console
/// prints what it mounted and the MD5 of each file by the name the driver reports.
/// </summary>
public sealed class KernelMountTests : IDisposable
{
    private static readonly DateTime Stamp = new(2025, 3, 14, 15, 9, 26, DateTimeKind.Utc);
    private readonly string _dir = Directory.CreateTempSubdirectory("kernel-mount-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Modules =
        ["drivers/block/loop.ko", "fs/fat/fat.ko", "fs/fat/vfat.ko", "fs/nls/nls_cp437.ko", "fs/nls/nls_utf8.ko", "drivers/cdrom/cdrom.ko", "fs/isofs/isofs.ko"];

    private const string Init = """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        mount -t proc proc /proc; mount -t devtmpfs dev /dev
        for m in loop fat vfat nls_cp437 nls_utf8 cdrom isofs; do insmod /m/$m.ko || echo "@@ERR insmod $m"; done
        echo "@@BEGIN"
        if mount -o loop,ro,iocharset=utf8 -t vfat /img/floppy.img /f; then echo "@@MOUNT vfat"; cd /f; for x in *; do echo "@@F $(md5sum "$x")"; done; cd /; fi
        if mount -o loop,ro,iocharset=utf8 -t iso9660 /img/cd.iso /c; then echo "@@MOUNT iso9660"; cd /c; for x in *; do echo "@@C $(md5sum "$x")"; done; cd /; fi
        echo "@@END"
        poweroff -f

        """;

    [Fact]
    public void Kernel_vfat_and_isofs_drivers_see_the_same_files_with_long_names()
    {
        var qemu = Tools.Peer("qemu-system-x86_64", "qemu-system-x86");
        var (kernel, moduleDir) = GuestKernel.Find(Modules);
        var busybox = GuestKernel.StaticBusybox();

        var random = new byte[5000];
        new Random(11).NextBytes(random);
        MediaFile[] files =
        [
            new("Autounattend.xml", Encoding.UTF8.GetBytes("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"/>\r\n")),
            new("sysprep.inf", Encoding.UTF8.GetBytes("[Unattended]\r\n")),
            new("SETUP.CMD", Encoding.UTF8.GetBytes("@echo off\r\n")),
            new("Überprüfung der Konfiguration.ps1", random),
            new("a b.txt", Encoding.UTF8.GetBytes("spaces")),
        ];

        var root = Path.Combine(_dir, "initramfs");
        foreach (var d in new[] { "bin", "m", "img", "proc", "dev", "f", "c" }) Directory.CreateDirectory(Path.Combine(root, d));
        File.Copy(busybox, Path.Combine(root, "bin", "busybox"));
        foreach (var m in Modules) File.Copy(Path.Combine(moduleDir, m), Path.Combine(root, "m", Path.GetFileName(m)));
        File.WriteAllBytes(Path.Combine(root, "img", "floppy.img"), Fat12Image.Create(files, "UNATTEND", Stamp));
        File.WriteAllBytes(Path.Combine(root, "img", "cd.iso"), Iso9660Image.Create(files, "UNATTEND", Stamp));
        File.WriteAllText(Path.Combine(root, "init"), Init.Replace("\r\n", "\n"));
        File.SetUnixFileMode(Path.Combine(root, "init"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var initrd = Path.Combine(_dir, "initrd.gz");
        GuestKernel.Pack(root, initrd);

        // TCG: a /dev/kvm inside a container can be present yet unusable (missing CPUID features hang the guest).
        var r = Run.Process(qemu, ["-accel", "tcg", "-m", "256", "-nographic", "-no-reboot", "-nodefaults", "-serial", "stdio",
            "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0 quiet panic=-1"], TimeSpan.FromSeconds(180),
            env: new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" });
        var lines = r.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("@@", StringComparison.Ordinal)).ToList();
        var transcript = string.Join('\n', lines) + "\n" + r.Stderr;
        Assert.True(lines.Contains("@@END"), $"the guest did not finish:\n{r.Stdout}\n{r.Stderr}");
        Assert.DoesNotContain(lines, l => l.StartsWith("@@ERR", StringComparison.Ordinal));
        Assert.Contains("@@MOUNT vfat", lines);
        Assert.Contains("@@MOUNT iso9660", lines);

        var expected = files.Select(f => $"{Convert.ToHexStringLower(MD5.HashData(f.Content.Span))}  {f.Name}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(Seen(lines, "@@F ")), $"vfat saw:\n{transcript}");
        Assert.True(expected.SequenceEqual(Seen(lines, "@@C ")), $"isofs (Joliet) saw:\n{transcript}");
    }

    private static List<string> Seen(List<string> lines, string prefix) =>
        lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).OrderBy(s => s, StringComparer.Ordinal).ToList();
}
