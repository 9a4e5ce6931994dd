using Appliance.Bcd.Staging;
using Appliance.Core.Control;
using Appliance.Core.Records;

namespace Appliance.Hosts.WinPeStage;

internal sealed partial class WinPeStageCommand
{
    private string? _progressFile;
    private int _progressStep;

    /// <summary>Nodes per WinPE name, from the record file (paths winboot/&lt;name&gt;/, compared case-insensitively as TFTP does).</summary>
    private Dictionary<string, List<string>> RecordUsers()
    {
        var users = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        // RecordFile.Load treats a missing file as empty, but not a missing folder: no folder, no records either.
        if (!File.Exists(paths.RecordFile)) return users;
        foreach (var record in RecordFile.Load(paths.RecordFile).Records)
        {
            var parts = record.WinPePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !string.Equals(parts[0], WinPeLayout.WinBootDir, StringComparison.OrdinalIgnoreCase)) continue;
            if (!users.TryGetValue(parts[1], out var list)) users[parts[1]] = list = [];
            list.Add(record.Name);
        }
        return users;
    }

    /// <summary>Progress of copies of 64 MiB and more, every 10 %, on stderr.</summary>
    private void ShowProgress(string file, long done, long total)
    {
        if (total < ProgressThreshold) return;
        if (file != _progressFile)
        {
            _progressFile = file;
            _progressStep = 0;
        }
        var step = (int)(done * 10 / total);
        if (step <= _progressStep && done != total) return;
        _progressStep = step;
        stderr.WriteLine($"winpe-stage: copying {file}: {done * 100 / total,3}% ({done >> 20} of {total >> 20} MiB)");
    }

    /// <summary>Asks tftpd to re-walk the TFTP root; a stopped tftpd is said plainly and is not an error.</summary>
    private void Reindex()
    {
        if (flags.NoReindex.Value) return;
        try
        {
            using var reply = ControlClient.Request(paths.Socket("tftpd"), "tftpd", "reindex", flags.Timeout.Value);
            if (reply.Ok) stdout.WriteLine($"tftpd re-indexed the TFTP root{(reply.GetInt64("files") is { } n ? $" ({n} files)" : "")}");
            else stderr.WriteLine($"winpe-stage: warning: tftpd refused reindex: {reply.Error}");
        }
        catch (ControlClientException e) when (e.Reason == ControlClientError.NotRunning)
        {
            stdout.WriteLine($"tftpd is not running ({e.Message}); it indexes the TFTP root when it starts");
        }
        catch (ControlClientException e)
        {
            stderr.WriteLine($"winpe-stage: warning: could not ask tftpd to re-index: {e.Message}");
        }
    }
}
