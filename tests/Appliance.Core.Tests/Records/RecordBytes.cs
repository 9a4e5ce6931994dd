using System.Text;
using Appliance.Core.Records;

namespace Appliance.Core.Tests.Records;

/// <summary>Builds record bytes by hand (not with our writer), so reader tests do not trust the code they test.</summary>
internal static class RecordBytes
{
    public static byte[] Record(string name, string path, byte pad = 0)
    {
        var r = new byte[RecordLayout.RecordLength];
        Array.Fill(r, pad);
        Encoding.Latin1.GetBytes(name).CopyTo(r, 0);
        Encoding.Latin1.GetBytes(path).CopyTo(r, 50);
        return r;
    }

    public static byte[] File(params byte[][] records) => records.SelectMany(r => r).ToArray();
}
