using System.Text;

namespace Appliance.Media.Tests;

public sealed class ImageDirectoryTests : IDisposable
{
    private static readonly DateTime Stamp = new(2024, 5, 17, 13, 45, 30, DateTimeKind.Utc);
    private readonly string _dir = Directory.CreateTempSubdirectory("imagedir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_the_used_bytes_and_a_zero_tail_of_the_full_length()
    {
        using var dir = new ImageDirectory(_dir);
        dir.Write("a.img", "hello"u8, 4096);
        var bytes = File.ReadAllBytes(Path.Combine(_dir, "a.img"));
        Assert.Equal(4096, bytes.Length);
        Assert.Equal("hello"u8.ToArray(), bytes[..5]);
        Assert.All(bytes[5..], b => Assert.Equal(0, b));
        Assert.Equal(["a.img"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Replacing_an_image_leaves_an_open_reader_on_the_old_bytes()
    {
        using var dir = new ImageDirectory(_dir);
        dir.Write("vm.img", "old"u8, 3);
        using var reader = File.OpenRead(Path.Combine(_dir, "vm.img"));
        dir.Write("vm.img", "new!"u8, 4);
        var seen = new byte[8];
        Assert.Equal(3, reader.Read(seen));
        Assert.Equal("old", Encoding.ASCII.GetString(seen, 0, 3));
        Assert.Equal("new!", File.ReadAllText(Path.Combine(_dir, "vm.img")));
    }

    [Fact]
    public void A_staged_image_is_invisible_until_committed_and_a_discarded_one_leaves_the_old_image()
    {
        using var dir = new ImageDirectory(_dir);
        dir.Write("a.img", "old"u8, 3);
        dir.Stage("a.img", "new"u8, 3);
        dir.Stage("b.img", "bee"u8, 3);
        Assert.Equal("old", File.ReadAllText(Path.Combine(_dir, "a.img")));
        Assert.False(File.Exists(Path.Combine(_dir, "b.img")));
        dir.Commit("b.img");
        dir.Discard("a.img");
        dir.Discard("never-staged.img");
        Assert.Equal("old", File.ReadAllText(Path.Combine(_dir, "a.img")));
        Assert.Equal("bee", File.ReadAllText(Path.Combine(_dir, "b.img")));
        Assert.Equal(["a.img", "b.img"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order());
        var e = Assert.Throws<IOException>(() => dir.Commit("a.img"));
        Assert.Contains(Path.Combine(_dir, "a.img"), e.Message);
    }

    [Fact]
    public void Tmpfs_takes_named_temporary_files_and_gets_the_same_images()
    {
        // The disk folder above starts temporary files unnamed (O_TMPFILE); tmpfs creates them by name.
        var shm = Path.Combine("/dev/shm", $"imagedir-{Guid.NewGuid():N}");
        Assert.True(Directory.Exists("/dev/shm"), "/dev/shm (tmpfs) is part of every Linux system this runs on");
        Directory.CreateDirectory(shm);
        try
        {
            File.WriteAllText(Path.Combine(shm, $".vm.img.{Environment.ProcessId}.tmp"), "stale");
            using var dir = new ImageDirectory(shm);
            dir.Write("vm.img", "fresh"u8, 8);
            dir.Stage("b.img", "bee"u8, 3);
            dir.Discard("b.img");
            Assert.Equal("fresh\0\0\0", File.ReadAllText(Path.Combine(shm, "vm.img")));
            Assert.Equal(["vm.img"], Directory.GetFileSystemEntries(shm).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(shm, recursive: true);
        }
    }

    [Fact]
    public void A_stale_temporary_file_of_a_crashed_run_is_replaced()
    {
        var stale = Path.Combine(_dir, $".vm.img.{Environment.ProcessId}.tmp");
        File.WriteAllText(stale, "stale");
        using var dir = new ImageDirectory(_dir, durable: true);
        dir.Write("vm.img", "fresh"u8, 5);
        dir.Flush();
        Assert.False(File.Exists(stale));
        Assert.Equal("fresh", File.ReadAllText(Path.Combine(_dir, "vm.img")));
    }

    [Fact]
    public void Errors_name_the_file_and_leave_no_temporary_file()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "taken.img", "inside"));
        using var dir = new ImageDirectory(_dir);
        var e = Assert.Throws<IOException>(() => dir.Write("taken.img", "x"u8, 1));
        Assert.Contains(Path.Combine(_dir, "taken.img"), e.Message);
        Assert.Contains("errno", e.Message);
        Assert.Equal(["taken.img"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.Throws<ArgumentException>(() => dir.Write("../escape.img", "x"u8, 1));
        Assert.Throws<IOException>(() => new ImageDirectory(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void Measure_agrees_with_write_on_size_and_errors()
    {
        var buffer = new byte[Fat12Layout.ImageSize];
        MediaFile[] files = [new("Autounattend.xml", new byte[5000]), new("sysprep.inf", new byte[10])];
        Assert.Equal(Fat12Image.Write(files, buffer, "UNATTEND", Stamp), Fat12Image.Measure(files, "UNATTEND"));
        // A destination of just the used bytes gets the same image prefix; one byte less is refused untouched.
        var used = Fat12Image.Measure(files, "UNATTEND");
        var exact = new byte[used];
        Assert.Equal(used, Fat12Image.Write(files, exact, "UNATTEND", Stamp));
        Assert.Equal(buffer.AsSpan(0, used).ToArray(), exact);
        var short1 = new byte[used - 1];
        Assert.Equal(MediaError.DestinationTooSmall, Assert.Throws<MediaException>(() => Fat12Image.Write(files, short1, "UNATTEND", Stamp)).Reason);
        Assert.All(short1, b => Assert.Equal(0, b));
        MediaFile[] big = [new("big.bin", new byte[Fat12Layout.ImageSize])];
        Assert.Equal(MediaError.DoesNotFit, Assert.Throws<MediaException>(() => Fat12Image.Measure(big, "UNATTEND")).Reason);
        Assert.Equal(MediaError.InvalidLabel, Assert.Throws<MediaException>(() => Fat12Image.Measure(files, "TOO LONG LABEL")).Reason);
        MediaFile[] twice = [new("a.txt", new byte[1]), new("A.TXT", new byte[1])];
        Assert.Equal(MediaError.DuplicateName, Assert.Throws<MediaException>(() => Fat12Image.Measure(twice, "X")).Reason);
    }
}
