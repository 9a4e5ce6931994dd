using System.Xml;

namespace Appliance.Unattend.Tests;

/// <summary>The reference the checks are held to: .NET's XmlReader, DTDs prohibited, as the template engine runs it.</summary>
internal static class XmlReference
{
    public static bool Accepts(string xml)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read()) { }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
