using Appliance.Core.Hosting;
using Appliance.Rfb;

namespace Appliance.Hosts.vncpilot;

/// <summary>Reads --password-file: plain text (first line), or a vncpasswd/TigerVNC `passwd` file (binary, 8 or 16 bytes).</summary>
internal static class PasswordFiles
{
    public static byte[] Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new UsageException($"--password-file {path}: cannot read: {e.Message}"); }
        catch (UnauthorizedAccessException e) { throw new UsageException($"--password-file {path}: {e.Message}"); }
        // vncpasswd writes DES-obfuscated bytes (8, or 16 with a view-only password) and no newline. A text password
        // file of exactly that length made only of printable bytes is read as text (binary output that happens to be
        // all printable is about 1 in 2500).
        if (bytes.Length is 8 or 16 && bytes.Any(b => b < 0x20 || b > 0x7E))
            return VncDes.DecryptPasswordFile(bytes);
        var end = Array.FindIndex(bytes, b => b is (byte)'\n' or (byte)'\r');
        var password = end < 0 ? bytes : bytes[..end];
        if (password.Length == 0) throw new UsageException($"--password-file {path}: the first line is empty");
        return password;
    }
}
