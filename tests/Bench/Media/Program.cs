using System.Diagnostics;
using System.Globalization;
using Appliance.Media;

// Usage: MediaBench <answer-file> <sysprep.inf> <count> <output-dir>
// Prints one line: floppies per second in memory and written to files, and bytes allocated per in-memory image.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: MediaBench ANSWER SYSPREP COUNT OUTDIR");
    return 2;
}
MediaFile[] files = [new("Autounattend.xml", File.ReadAllBytes(args[0])), new("sysprep.inf", File.ReadAllBytes(args[1]))];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var outDir = args[3];
Directory.CreateDirectory(outDir);
var stamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
var buffer = new byte[Fat12Layout.ImageSize];

for (var i = 0; i < 50; i++) Fat12Image.Write(files, buffer, "UNATTEND", stamp); // warm-up (tiered JIT)

var allocated = GC.GetAllocatedBytesForCurrentThread();
var clock = Stopwatch.StartNew();
var dirty = Fat12Layout.ImageSize;
for (var i = 0; i < count; i++) dirty = Fat12Image.Write(files, buffer, "UNATTEND", stamp, dirty);
var memory = clock.Elapsed;
allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

clock.Restart();
using (var directory = new ImageDirectory(outDir))
{
    for (var i = 0; i < count; i++)
    {
        dirty = Fat12Image.Write(files, buffer, "UNATTEND", stamp, dirty);
        directory.Write($"n{i:D5}.img", buffer.AsSpan(0, dirty), Fat12Layout.ImageSize);
    }
}
var disk = clock.Elapsed;

var isoBuffer = new byte[Iso9660Image.GetSize(files)];
clock.Restart();
for (var i = 0; i < count; i++) Iso9660Image.Write(files, isoBuffer, "UNATTEND", stamp);
var iso = clock.Elapsed;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"library {count} floppies: in memory {memory.TotalMilliseconds:0.0} ms ({count / memory.TotalSeconds:0} /s, {(double)allocated / count:0} B allocated each), " +
    $"to files {disk.TotalMilliseconds:0.0} ms ({count / disk.TotalSeconds:0} /s); {count} CD images in memory {iso.TotalMilliseconds:0.0} ms"));
return 0;
