namespace Appliance.Bcd;

/// <summary>The device blobs this library writes and recognises; anything else is kept as raw bytes.</summary>
public enum BcdDeviceKind
{
    /// <summary>The device the boot manager was loaded from (over PXE: the TFTP server).</summary>
    Boot,
    /// <summary>A RAM disk image (a WIM) on a parent device, with the options object that names its SDI file.</summary>
    Ramdisk,
    /// <summary>A blob this library does not decode.</summary>
    Unknown,
}
