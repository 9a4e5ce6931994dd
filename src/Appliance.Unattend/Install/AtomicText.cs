using System.Text;
using Appliance.Core.Files;

namespace Appliance.Unattend.Install;

/// <summary>Writes a UTF-8 text file (no BOM) through <see cref="AtomicFile"/>: never half a file.</summary>
internal static class AtomicText
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, string text, bool durable) => AtomicFile.Write(path, s_utf8.GetBytes(text), durable);
}
