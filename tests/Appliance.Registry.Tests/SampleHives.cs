using System.Text;

namespace Appliance.Registry.Tests;

/// <summary>Generated key trees that exercise the writer: many keys, every value type, long data, tricky names.</summary>
internal static class SampleHives
{
    public static readonly string[] SortNames = ["a_b", "aB", "A[", "a]", "zeta", "Zed", "_x", "~tilde", "AAA", "aab", "b", "B1", "Ünïcode"];

    /// <summary>The root's only value; hivexsh prints it between keys so its output can be split per key.</summary>
    public const string Separator = "----8<----";

    public static RegistryKey Build()
    {
        var root = new RegistryKey("ROOT");
        root.SetValue(RegistryValue.String("sep", Separator));
        var many = root.CreateSubKey("Many");
        for (var i = 999; i >= 0; i--)
        {
            var k = many.CreateSubKey($"Key{i:D4}");
            k.SetValue(RegistryValue.DWord("Index", (uint)i));
        }
        var sort = root.CreateSubKey("Sort");
        foreach (var n in SortNames) sort.CreateSubKey(n).SetValue(RegistryValue.String("Name", n));

        var types = root.CreateSubKey("Types");
        types.SetValue(RegistryValue.String("", "default value"));
        types.SetValue(RegistryValue.String("sz", "hello, world"));
        types.SetValue(RegistryValue.String("empty", ""));
        types.SetValue(RegistryValue.ExpandString("expand", @"%SystemRoot%\system32"));
        types.SetValue(RegistryValue.MultiString("multi", ["one", "two", "three with spaces"]));
        types.SetValue(RegistryValue.DWord("dword", 0xDEADBEEF));
        types.SetValue(RegistryValue.DWord("dword-small", 7));
        types.SetValue(RegistryValue.QWord("qword", 0x0123456789ABCDEF));
        types.SetValue(RegistryValue.Binary("bin3", [1, 2, 3]));
        types.SetValue(RegistryValue.Binary("bin4", [0xFF, 0, 0x80, 0x7F]));
        types.SetValue(RegistryValue.Binary("bin0", []));
        types.SetValue(RegistryValue.Binary("bin-big", Pattern(20000)));
        types.SetValue(RegistryValue.String("long-sz", LongText(9000)));
        types.SetValue(RegistryValue.String("Ünïcode-value", "Grüße, κόσμε"));

        var deep = root;
        for (var d = 0; d < 20; d++) deep = deep.CreateSubKey($"Level{d}");
        deep.SetValue(RegistryValue.String("bottom", "reached"));
        return root;
    }

    public static byte[] Pattern(int n)
    {
        var b = new byte[n];
        for (var i = 0; i < n; i++) b[i] = (byte)(i * 31 + 7);
        return b;
    }

    public static string LongText(int n)
    {
        var sb = new StringBuilder(n);
        for (var i = 0; sb.Length < n; i++) sb.Append("segment-").Append(i).Append(' ');
        return sb.ToString(0, n);
    }

    public static readonly DateTime FixedTime = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    public static byte[] Write(RegistryKey root) => HiveWriter.Write(root, new HiveWriterOptions { TimestampUtc = FixedTime });

    /// <summary>Every (key path, value name, kind, data) of a tree, for exact comparisons.</summary>
    public static SortedSet<string> Flatten(RegistryKey root)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(RegistryKey k, string path)
        {
            set.Add($"K {path}");
            foreach (var v in k.Values) set.Add($"V {path} | {v.Name} | {(uint)v.Kind} | {Convert.ToHexString(v.Data.Span)}");
            foreach (var s in k.SubKeys) Walk(s, path + "\\" + s.Name);
        }
        Walk(root, "");
        return set;
    }
}

/// <summary>Set comparison that names the rows missing and the rows extra.</summary>
internal static class Rows
{
    public static void AssertSame(SortedSet<string> expected, SortedSet<string> actual)
    {
        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing: {string.Join(" ;; ", missing.Select(Cut))}\nextra: {string.Join(" ;; ", extra.Select(Cut))}");
    }

    private static string Cut(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
