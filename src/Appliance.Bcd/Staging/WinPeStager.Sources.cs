namespace Appliance.Bcd.Staging;

public sealed partial class WinPeStager
{
    /// <summary>The input files; a null loader or SDI is extracted from the WIM.</summary>
    private sealed record Sources(string Wim, string? Sdi, string? Pxeboot, string? Bootmgr, string? Bootmgfw);

    private static Sources ResolveSources(WinPeStageOptions options)
    {
        var from = Path.GetFullPath(options.From);
        string? explicitSdi = null;
        if (options.Sdi is not null)
        {
            explicitSdi = Path.GetFullPath(options.Sdi);
            if (!File.Exists(explicitSdi))
                throw new StagingException(StagingErrorReason.SourceMissing, $"--sdi {options.Sdi}: no such file");
        }
        if (File.Exists(from))
        {
            // A bare boot.wim: boot.sdi beside it (any case), else --sdi, else inside the WIM; loaders from the WIM.
            var sdi = explicitSdi ?? WinPeLayout.FindIgnoringCase(Path.GetDirectoryName(from)!, WinPeLayout.Sdi);
            return new Sources(from, sdi, null, null, null);
        }
        if (!Directory.Exists(from))
            throw new StagingException(StagingErrorReason.SourceMissing,
                $"--from {options.From}: expected an ADK media folder (copype layout) or a boot.wim file, found neither");
        var wim = WinPeLayout.FindFirst(from, WinPeLayout.WimCandidates)
            ?? throw new StagingException(StagingErrorReason.SourceMissing,
                $"--from {options.From}: no boot.wim; looked for {string.Join(", ", WinPeLayout.WimCandidates)}");
        return new Sources(
            wim,
            explicitSdi ?? WinPeLayout.FindFirst(from, WinPeLayout.SdiCandidates),
            WinPeLayout.FindFirst(from, WinPeLayout.PxebootCandidates),
            WinPeLayout.FindFirst(from, WinPeLayout.BootmgrCandidates),
            WinPeLayout.FindFirst(from, WinPeLayout.BootmgfwCandidates));
    }

    /// <summary>Every WinPE under winboot/ (hidden staging folders are skipped), by name.</summary>
    public IReadOnlyList<StagedWinPe> List()
    {
        if (!Directory.Exists(WinBoot)) return [];
        var list = new List<StagedWinPe>();
        foreach (var dir in Directory.EnumerateDirectories(WinBoot).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.')) continue;
            var boot = WinPeLayout.FindIgnoringCase(dir, WinPeLayout.BootDir, directory: true);
            var files = boot is null ? [] : Directory.EnumerateFiles(boot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            var wim = boot is null ? null : WinPeLayout.FindIgnoringCase(boot, WinPeLayout.Wim);
            list.Add(new StagedWinPe(name, dir,
                files.Contains(WinPeLayout.BiosStore, StringComparer.OrdinalIgnoreCase),
                files.Contains(WinPeLayout.UefiStore, StringComparer.OrdinalIgnoreCase),
                wim is null ? 0 : new FileInfo(wim).Length, files));
        }
        return list;
    }

    /// <summary>Removes a staged WinPE (the caller checks the record file first); the folder is renamed away, then deleted.</summary>
    public void Remove(string name)
    {
        if (WinPeNames.Check(name) is { } problem) throw new StagingException(StagingErrorReason.InvalidName, problem);
        var dir = WinPeLayout.Directory(TftpRoot, name);
        if (!Directory.Exists(dir))
            throw new StagingException(StagingErrorReason.NotStaged, $"WinPE {name} is not staged: no folder {dir}");
        var aside = Path.Combine(WinBoot, $".removing-{name}-{Guid.NewGuid():N}");
        Directory.Move(dir, aside);
        DeleteQuietly(aside);
    }
}
