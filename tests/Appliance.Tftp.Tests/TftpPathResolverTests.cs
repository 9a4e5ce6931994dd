using System.Diagnostics;

namespace Appliance.Tftp.Tests;

public sealed class TftpPathResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tftp-resolver-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("tftp-outside-").FullName;

    public TftpPathResolverTests()
    {
        Write("bootmgr.exe");
        Write("winboot/winpe10/Boot/BCD");
        Write("winboot/winpe10/Boot/boot.sdi");
        Write("winboot/winpe10/Boot/Fonts/wgl4_boot.ttf");
        Write("pxelinux.cfg/default");
        Write("%2e%2e/literal");
        File.WriteAllText(Path.Combine(_outside, "secret"), "secret");
    }

    private string Write(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(_root, true);
        Directory.Delete(_outside, true);
    }

    [Theory]
    [InlineData("\\Boot\\BCD", "Boot/BCD")]
    [InlineData("/Boot/BCD", "Boot/BCD")]
    [InlineData("\\\\//Boot\\\\BCD", "Boot/BCD")]
    [InlineData("./a/./b", "a/b")]
    [InlineData("a/b/", "a/b")]
    [InlineData("%2e%2e%2fetc", "%2e%2e%2fetc")]  // TFTP names are not URLs: taken literally
    [InlineData("...", "...")]
    public void Normalises(string requested, string key)
    {
        Assert.True(TftpPathResolver.TryNormalize(requested, out var k, out _, out _));
        Assert.Equal(key, k);
    }

    [Theory]
    [InlineData("", TftpPathRefusal.Empty)]
    [InlineData("\\", TftpPathRefusal.Empty)]
    [InlineData("./.", TftpPathRefusal.Empty)]
    [InlineData("../etc/passwd", TftpPathRefusal.ParentReference)]
    [InlineData("..\\..\\etc\\passwd", TftpPathRefusal.ParentReference)]
    [InlineData("winboot/../../x", TftpPathRefusal.ParentReference)]
    [InlineData("a\\..", TftpPathRefusal.ParentReference)]
    [InlineData("C:\\Windows\\win.ini", TftpPathRefusal.Absolute)]
    [InlineData("c:boot.ini", TftpPathRefusal.Absolute)]
    [InlineData("a\u0001b", TftpPathRefusal.ControlCharacter)]
    [InlineData("a\nb", TftpPathRefusal.ControlCharacter)]
    [InlineData("a\u007fb", TftpPathRefusal.ControlCharacter)]
    [InlineData("a\u0085b", TftpPathRefusal.ControlCharacter)]
    public void Refuses(string requested, TftpPathRefusal refusal)
    {
        Assert.False(TftpPathResolver.TryNormalize(requested, out _, out var r, out var detail));
        Assert.Equal(refusal, r);
        Assert.NotEmpty(detail);
    }

    [Fact]
    public void Refuses_over_long_names_and_components()
    {
        Assert.False(TftpPathResolver.TryNormalize(new string('a', 600), out _, out var r, out _));
        Assert.Equal(TftpPathRefusal.TooLong, r);
        Assert.False(TftpPathResolver.TryNormalize(string.Join('/', Enumerable.Repeat(new string('b', 200), 6)), out _, out r, out _));
        Assert.Equal(TftpPathRefusal.TooLong, r);
        Assert.True(TftpPathResolver.TryNormalize(new string('c', 255), out _, out _, out _));
    }

    [Theory]
    [InlineData("\\winboot\\winpe10\\Boot\\BCD", "winboot/winpe10/Boot/BCD")]
    [InlineData("\\WINBOOT\\WinPE10\\boot\\bcd", "winboot/winpe10/Boot/BCD")]
    [InlineData("/winboot/winpe10/boot/BOOT.SDI", "winboot/winpe10/Boot/boot.sdi")]
    [InlineData("\\winboot\\winpe10\\Boot\\Fonts\\WGL4_BOOT.TTF", "winboot/winpe10/Boot/Fonts/wgl4_boot.ttf")]
    [InlineData("BOOTMGR.EXE", "bootmgr.exe")]
    [InlineData("%2E%2E/LITERAL", "%2e%2e/literal")]
    public void Finds_files_case_insensitively(string requested, string relative)
    {
        var r = new TftpPathResolver(_root).Resolve(requested);
        Assert.True(r.IsServed, r.Detail);
        Assert.Equal(Path.Combine(new TftpPathResolver(_root).Root, relative), r.FullPath);
    }

    [Fact]
    public void Prefers_the_exact_case_when_two_names_differ_only_in_case()
    {
        Write("dup/File");
        Write("dup/file");
        var resolver = new TftpPathResolver(_root);
        Assert.EndsWith("dup/File", resolver.Resolve("dup/File").FullPath, StringComparison.Ordinal);
        Assert.EndsWith("dup/file", resolver.Resolve("dup/file").FullPath, StringComparison.Ordinal);
        Assert.True(resolver.Resolve("DUP/FILE").IsServed);
    }

    [Fact]
    public void Missing_file_is_not_found()
    {
        var r = new TftpPathResolver(_root).Resolve("nope/BCD");
        Assert.Equal(TftpPathRefusal.NotFound, r.Refusal);
        Assert.Equal(TftpErrorCode.FileNotFound, r.ErrorCode);
    }

    [Fact]
    public void Directories_are_refused()
    {
        var r = new TftpPathResolver(_root).Resolve("\\winboot\\WINPE10");
        Assert.Equal(TftpPathRefusal.Directory, r.Refusal);
        Assert.Equal(TftpErrorCode.AccessViolation, r.ErrorCode);
    }

    [Fact]
    public void Symlink_out_of_the_root_is_refused_even_through_a_chain()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), Path.Combine(_outside, "secret"));
        File.CreateSymbolicLink(Path.Combine(_root, "hop"), Path.Combine(_root, "escape"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "outdir"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "devnull"), "/dev/null");
        var resolver = new TftpPathResolver(_root);
        Assert.Equal(TftpPathRefusal.OutsideRoot, resolver.Resolve("escape").Refusal);
        Assert.Equal(TftpPathRefusal.OutsideRoot, resolver.Resolve("HOP").Refusal);
        Assert.Equal(TftpPathRefusal.OutsideRoot, resolver.Resolve("outdir").Refusal);
        Assert.Equal(TftpPathRefusal.NotFound, resolver.Resolve("outdir/secret").Refusal); // never descended
        Assert.Equal(TftpPathRefusal.OutsideRoot, resolver.Resolve("devnull").Refusal);
    }

    [Fact]
    public void Symlink_inside_the_root_is_served_by_its_real_path()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "boot.sdi"), Path.Combine(_root, "winboot/winpe10/Boot/boot.sdi"));
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), Path.Combine(_root, "gone"));
        var resolver = new TftpPathResolver(_root);
        var r = resolver.Resolve("BOOT.SDI");
        Assert.True(r.IsServed);
        Assert.EndsWith("winboot/winpe10/Boot/boot.sdi", r.FullPath, StringComparison.Ordinal);
        Assert.Equal(TftpPathRefusal.NotFound, resolver.Resolve("dangling").Refusal);
    }

    [Fact]
    public void Fifos_and_devices_are_refused()
    {
        Run("mkfifo", Path.Combine(_root, "fifo"));
        var hasDevice = Tools_IsRoot() && Run("mknod", Path.Combine(_root, "zero"), "c", "1", "5") == 0;
        var resolver = new TftpPathResolver(_root);
        Assert.Equal(TftpPathRefusal.NotRegularFile, resolver.Resolve("fifo").Refusal);
        if (hasDevice) Assert.Equal(TftpPathRefusal.NotRegularFile, resolver.Resolve("ZERO").Refusal);
    }

    [Fact]
    public void A_file_added_later_is_found_on_the_miss_that_follows()
    {
        var resolver = new TftpPathResolver(_root);
        var generation = resolver.Generation;
        Assert.Equal(TftpPathRefusal.NotFound, resolver.Resolve("winboot/winpe11/Boot/BCD").Refusal);
        Thread.Sleep(20); // directory mtimes tick with the kernel's coarse clock
        Write("winboot/winpe11/Boot/BCD");
        Assert.True(resolver.Resolve("\\WINBOOT\\winpe11\\boot\\bcd").IsServed);
        Assert.True(resolver.Generation > generation);
    }

    [Fact]
    public void A_miss_in_an_unchanged_tree_does_not_rebuild()
    {
        var resolver = new TftpPathResolver(_root);
        var generation = resolver.Generation;
        for (var i = 0; i < 5; i++) Assert.False(resolver.Resolve($"missing{i}").IsServed);
        Assert.Equal(generation, resolver.Generation);
    }

    [Fact]
    public void Rebuild_drops_removed_files()
    {
        var resolver = new TftpPathResolver(_root);
        File.Delete(Path.Combine(_root, "bootmgr.exe"));
        resolver.Rebuild();
        Assert.Equal(TftpPathRefusal.NotFound, resolver.Resolve("bootmgr.exe").Refusal);
    }

    [Fact]
    public void Root_must_exist_and_be_a_directory()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new TftpPathResolver(Path.Combine(_root, "absent")));
        Assert.Throws<DirectoryNotFoundException>(() => new TftpPathResolver(Path.Combine(_root, "bootmgr.exe")));
    }

    [Fact]
    public void Root_through_a_symlink_is_canonicalised()
    {
        var link = _outside + "/rootlink";
        Directory.CreateSymbolicLink(link, _root);
        var resolver = new TftpPathResolver(link);
        Assert.True(resolver.Resolve("bootmgr.exe").IsServed);
        Assert.DoesNotContain("rootlink", resolver.Root, StringComparison.Ordinal);
    }

    private static bool Tools_IsRoot() => Environment.UserName == "root";

    private static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (!p.WaitForExit(10_000)) p.Kill();
        return p.ExitCode;
    }
}
