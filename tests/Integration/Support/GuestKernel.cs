namespace Appliance.Integration.Support;

/// <summary>
/// A Linux kernel to boot in QEMU (software emulation) with a busybox initramfs, for what the test machine's own kernel
/// lacks (drivers, sch_netem): Debian's linux-image-cloud-amd64 in /boot with its uncompressed modules. The initramfs is
/// a folder packed with busybox cpio; host executables go in with the shared libraries ldd names, at the same paths.
/// </summary>
public static class GuestKernel
{
    /// <summary>A /boot/vmlinuz-* whose /lib/modules tree has every module named (paths relative to kernel/).</summary>
    public static (string Kernel, string ModuleDir) Find(IReadOnlyList<string> modules)
    {
        foreach (var vmlinuz in (Directory.Exists("/boot") ? Directory.GetFiles("/boot", "vmlinuz-*") : []).OrderDescending(StringComparer.Ordinal))
        {
            var version = Path.GetFileName(vmlinuz)["vmlinuz-".Length..];
            var moduleDir = Path.Combine("/lib/modules", version, "kernel");
            if (modules.All(m => File.Exists(Path.Combine(moduleDir, m)))) return (vmlinuz, moduleDir);
        }
        throw new InvalidOperationException(
            $"no /boot/vmlinuz-* with uncompressed modules {string.Join(", ", modules)}: install Debian package linux-image-cloud-amd64 (bash .ci/install-peers)");
    }

    /// <summary>The statically linked busybox (an initramfs has no dynamic loader of its own).</summary>
    public static string StaticBusybox()
    {
        var busybox = Tools.Peer("busybox", "busybox-static");
        // A dynamic executable has a PT_INTERP (3) program header naming its loader.
        var elf = File.ReadAllBytes(busybox).AsSpan();
        var phoff = (int)BitConverter.ToUInt64(elf[0x20..]);
        var phentsize = BitConverter.ToUInt16(elf[0x36..]);
        var phnum = BitConverter.ToUInt16(elf[0x38..]);
        for (var i = 0; i < phnum; i++)
            if (BitConverter.ToUInt32(elf[(phoff + i * phentsize)..]) == 3)
                throw new InvalidOperationException($"{busybox} is dynamically linked: install Debian package busybox-static (bash .ci/install-peers)");
        return busybox;
    }

    /// <summary>Copies a host executable and every shared library ldd lists for it into the tree, at the same paths.</summary>
    public static void CopyWithLibraries(string executable, string root)
    {
        var files = new List<string> { executable };
        var ldd = Run.Process("ldd", [executable], TimeSpan.FromSeconds(20)).EnsureSuccess();
        foreach (var line in ldd.Stdout.Split('\n'))
        {
            // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
            var path = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(p => p.StartsWith('/'));
            if (path is not null) files.Add(path);
        }
        foreach (var f in files)
        {
            var target = Path.Combine(root, f.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target, overwrite: true); // follows symlinks: the library itself under the name the loader asks for
            File.SetUnixFileMode(target, File.GetUnixFileMode(f) | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Packs a folder as a gzip'd newc cpio archive (the initramfs format).</summary>
    public static void Pack(string root, string initrd)
    {
        var busybox = StaticBusybox();
        Run.Shell($"cd {NetNs.Quote(root)} && find . | {NetNs.Quote(busybox)} cpio -o -H newc 2>/dev/null | gzip -1 > {NetNs.Quote(initrd)}",
            TimeSpan.FromSeconds(60)).EnsureSuccess();
    }
}
