namespace Appliance.Unattend.Install;

/// <summary>
/// The generated fragments other than the network one depend only on values an osimage or the site usually sets
/// (product key, accounts, domain join, time zone, locales, the postscript hook) and are pure functions of their
/// arguments. A batch of nodes on one osimage asks for the same ones over and over, so each thread remembers the last
/// arguments and result of each kind and returns that result when the arguments are equal (ordinal). Exact by
/// construction: a different argument builds the fragment again.
/// </summary>
internal static class FragmentMemo
{
    public const int ProductKey = 0;
    public const int Accounts = 1;
    public const int DomainJoin = 2;
    public const int TimeZone = 3;
    public const int Locale = 4;
    public const int WinPeLocale = 5;
    public const int PostscriptHook = 6;
    private const int Kinds = 7;

    [ThreadStatic] private static string?[]?[]? t_arguments;
    [ThreadStatic] private static string[]? t_results;

    /// <summary><paramref name="build"/>(<paramref name="arguments"/>), or the last result of this kind on this thread for equal arguments.</summary>
    public static string Get(int kind, string?[] arguments, Func<string?[], string> build)
    {
        var last = t_arguments ??= new string?[Kinds][];
        var results = t_results ??= new string[Kinds];
        if (last[kind] is { } previous && previous.AsSpan().SequenceEqual(arguments)) return results[kind];
        var result = build(arguments);
        last[kind] = arguments;
        results[kind] = result;
        return result;
    }
}
