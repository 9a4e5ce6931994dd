namespace Appliance.Bcd.Staging;

/// <summary>
/// Stages WinPEs under &lt;tftproot&gt;/winboot/&lt;name&gt;/Boot/: the WIM and SDI (hard-linked, reflinked or copied),
/// the PXE loaders (from the media folder or extracted from the WIM), and one BCD store per firmware written by
/// <see cref="WinPeRamdiskRecipe"/>. Everything is built in a hidden folder beside the target and renamed into place,
/// so a failure leaves nothing behind and TFTP clients never see half a WinPE.
/// </summary>
public sealed partial class WinPeStager(string tftpRoot, IWimExtractor extractor)
{
    /// <summary>Called while copying: file name, bytes done, bytes total.</summary>
    public Action<string, long, long>? Progress { get; set; }

    public string TftpRoot { get; } = tftpRoot;

    private string WinBoot => Path.Combine(TftpRoot, WinPeLayout.WinBootDir);

    public StageResult Add(WinPeStageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (WinPeNames.Check(options.Name) is { } problem) throw new StagingException(StagingErrorReason.InvalidName, problem);
        if (!options.Bios && !options.Uefi)
            throw new StagingException(StagingErrorReason.InvalidName, "nothing to stage: expected BIOS, UEFI or both");
        var sources = ResolveSources(options);
        var target = WinPeLayout.Directory(TftpRoot, options.Name);
        if (Directory.Exists(target) && !options.Force)
            throw new StagingException(StagingErrorReason.AlreadyStaged,
                $"WinPE {options.Name} is staged already at {target}; use --force to replace it or remove it first");

        Directory.CreateDirectory(WinBoot);
        var stage = Path.Combine(WinBoot, $".staging-{options.Name}-{Guid.NewGuid():N}");
        var rootBootmgrTemp = Path.Combine(TftpRoot, $".{WinPeLayout.BootManager}.staging-{Guid.NewGuid():N}");
        var files = new List<StagedFile>();
        var warnings = new List<string>();
        try
        {
            var boot = Directory.CreateDirectory(Path.Combine(stage, WinPeLayout.BootDir)).FullName;
            string Rel(string file) => $"{WinPeLayout.WinBootDir}/{options.Name}/{WinPeLayout.BootDir}/{file}";

            Place(sources.Wim, Path.Combine(boot, WinPeLayout.Wim), !options.NoHardLinks, files, Rel(WinPeLayout.Wim));
            PlaceOrExtract(sources.Sdi, sources.Wim, options.ImageIndex, WinPeLayout.WimSdi, Path.Combine(boot, WinPeLayout.Sdi),
                options, files, Rel(WinPeLayout.Sdi));
            if (options.Bios)
            {
                PlaceOrExtract(sources.Pxeboot, sources.Wim, options.ImageIndex, WinPeLayout.WimPxeboot,
                    Path.Combine(boot, WinPeLayout.BiosLoader), options, files, Rel(WinPeLayout.BiosLoader));
                PlaceOrExtract(sources.Bootmgr, sources.Wim, options.ImageIndex, WinPeLayout.WimBootmgr,
                    Path.Combine(boot, WinPeLayout.BootManager), options, files, Rel(WinPeLayout.BootManager));
                WriteStore(options, BcdFirmware.Bios, Path.Combine(boot, WinPeLayout.BiosStore), files, Rel(WinPeLayout.BiosStore));
            }
            if (options.Uefi)
            {
                PlaceOrExtract(sources.Bootmgfw, sources.Wim, options.ImageIndex, WinPeLayout.WimBootmgfw,
                    Path.Combine(boot, WinPeLayout.UefiLoader), options, files, Rel(WinPeLayout.UefiLoader));
                WriteStore(options, BcdFirmware.Uefi, Path.Combine(boot, WinPeLayout.UefiStore), files, Rel(WinPeLayout.UefiStore));
            }

            // pxeboot fetches bootmgr.exe from the TFTP root: one per appliance, so say when another WinPE's is replaced.
            var rootBootmgr = Path.Combine(TftpRoot, WinPeLayout.BootManager);
            var stagedBootmgr = Path.Combine(boot, WinPeLayout.BootManager);
            var updateRootBootmgr = false;
            if (options.Bios)
            {
                var fresh = File.ReadAllBytes(stagedBootmgr);
                if (!File.Exists(rootBootmgr) || !File.ReadAllBytes(rootBootmgr).AsSpan().SequenceEqual(fresh))
                {
                    if (File.Exists(rootBootmgr))
                        warnings.Add($"replacing {rootBootmgr} ({new FileInfo(rootBootmgr).Length} bytes) with the bootmgr.exe of " +
                            $"{options.Name} ({fresh.Length} bytes): BIOS clients of other WinPEs load this one from now on");
                    File.WriteAllBytes(rootBootmgrTemp, fresh);
                    updateRootBootmgr = true;
                }
            }

            Commit(stage, target, options.Force);
            if (updateRootBootmgr)
            {
                File.Move(rootBootmgrTemp, rootBootmgr, overwrite: true);
                files.Add(new StagedFile(WinPeLayout.BootManager, new FileInfo(rootBootmgr).Length, "copy of Boot/bootmgr.exe"));
            }
            return new StageResult(target, files, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StagingException(StagingErrorReason.Io, $"staging {options.Name} failed, nothing was changed: {e.Message}", e);
        }
        finally
        {
            DeleteQuietly(stage);
            try { File.Delete(rootBootmgrTemp); } catch (IOException) { }
        }
    }

    /// <summary>Renames the staged folder into place; an old one (with --force) is moved aside first and deleted after.</summary>
    private void Commit(string stage, string target, bool force)
    {
        string? aside = null;
        if (Directory.Exists(target))
        {
            if (!force) throw new StagingException(StagingErrorReason.AlreadyStaged, $"{target} appeared while staging");
            aside = Path.Combine(WinBoot, $".replaced-{Path.GetFileName(target)}-{Guid.NewGuid():N}");
            Directory.Move(target, aside);
        }
        try
        {
            Directory.Move(stage, target);
        }
        catch
        {
            if (aside is not null) Directory.Move(aside, target);
            throw;
        }
        if (aside is not null) DeleteQuietly(aside);
    }

    private void WriteStore(WinPeStageOptions options, BcdFirmware firmware, string path, List<StagedFile> files, string rel)
    {
        var store = WinPeRamdiskRecipe.Build(new WinPeBcdOptions
        {
            WinPeName = options.Name, Firmware = firmware, Description = options.Description,
            TftpBlockSize = options.TftpBlockSize, TftpWindowSize = options.TftpWindowSize,
        });
        var bytes = store.ToBytes(options.TimestampUtc);
        File.WriteAllBytes(path, bytes);
        files.Add(new StagedFile(rel, bytes.Length, $"BCD store ({(firmware == BcdFirmware.Uefi ? "UEFI" : "BIOS")}, {(firmware == BcdFirmware.Uefi ? WinPeRamdiskRecipe.UefiLoaderPath : WinPeRamdiskRecipe.BiosLoaderPath)})"));
    }

    private void Place(string source, string destination, bool hardLink, List<StagedFile> files, string rel)
    {
        var name = Path.GetFileName(destination);
        var method = FileCloner.Place(source, destination, hardLink, (done, total) => Progress?.Invoke(name, done, total));
        files.Add(new StagedFile(rel, new FileInfo(destination).Length, $"{method switch
        {
            CloneMethod.HardLink => "hard link to",
            CloneMethod.Reflink => "reflink of",
            _ => "copy of",
        }} {source}"));
    }

    private void PlaceOrExtract(string? source, string wim, int index, string pathInWim, string destination,
        WinPeStageOptions options, List<StagedFile> files, string rel)
    {
        if (source is not null)
        {
            Place(source, destination, !options.NoHardLinks, files, rel);
            return;
        }
        if (!extractor.TryExtract(wim, index, pathInWim, destination))
            throw new StagingException(StagingErrorReason.LoaderMissing,
                $"{Path.GetFileName(pathInWim)}: not in the source folder and not at {pathInWim} in image {index} of {wim}" +
                (pathInWim == WinPeLayout.WimSdi ? "; give it with --sdi FILE" : ""));
        files.Add(new StagedFile(rel, new FileInfo(destination).Length, $"extracted from {wim} image {index} ({pathInWim})"));
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
