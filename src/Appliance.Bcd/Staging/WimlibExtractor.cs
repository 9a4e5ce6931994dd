using System.Diagnostics;

namespace Appliance.Bcd.Staging;

/// <summary>
/// Extracts files with `wimlib-imagex extract WIM INDEX PATH --dest-dir=DIR --no-acls` (wimtools; a declared
/// runtime dependency of the appliance image). WIMLIB_IMAGEX_IGNORE_CASE=1 makes the path match Windows-style.
/// </summary>
public sealed class WimlibExtractor(string? tool = null, TimeSpan? timeout = null) : IWimExtractor
{
    public const string ToolName = "wimlib-imagex";
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(5);

    /// <summary>The tool, or null when it is not installed (a given path that does not exist counts as not installed).</summary>
    public string? ToolPath { get; } = tool is null ? FindOnPath(ToolName) : File.Exists(tool) ? tool : null;

    public bool TryExtract(string wimPath, int index, string pathInWim, string destinationFile)
    {
        if (ToolPath is null)
            throw new StagingException(StagingErrorReason.WimlibMissing,
                $"{pathInWim} must come from {wimPath}, but {ToolName} is not installed: install Debian package wimtools");
        var dir = Directory.CreateTempSubdirectory("winpe-stage-wim-").FullName;
        try
        {
            var psi = new ProcessStartInfo(ToolPath)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { "extract", wimPath, index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "/" + pathInWim.TrimStart('/'), "--dest-dir=" + dir, "--no-acls", "--no-attributes" })
                psi.ArgumentList.Add(a);
            psi.Environment["WIMLIB_IMAGEX_IGNORE_CASE"] = "1";
            using var p = Process.Start(psi)
                ?? throw new StagingException(StagingErrorReason.WimExtractFailed, $"cannot start {ToolPath}");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(_timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new StagingException(StagingErrorReason.WimExtractFailed,
                    $"{ToolName} extract {pathInWim} from {wimPath} did not finish within {_timeout.TotalSeconds:0} s");
            }
            p.WaitForExit();
            var error = stderr.Result.Trim();
            var name = Path.GetFileName(pathInWim);
            var extracted = Directory.EnumerateFiles(dir).FirstOrDefault(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase));
            if (p.ExitCode != 0 || extracted is null)
            {
                if (error.Contains("not exist", StringComparison.OrdinalIgnoreCase) || error.Contains("not found", StringComparison.OrdinalIgnoreCase))
                    return false;
                throw new StagingException(StagingErrorReason.WimExtractFailed,
                    $"{ToolName} extract {pathInWim} from {wimPath} (image {index}) exited {p.ExitCode}: {error}");
            }
            File.Move(extracted, destinationFile, overwrite: true);
            return true;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static string? FindOnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length == 0) continue;
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
