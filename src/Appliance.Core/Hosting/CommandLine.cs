namespace Appliance.Core.Hosting;

/// <summary>The shared top of every binary's Main: parse, --help, usage errors (exit 2), run.</summary>
public static class CommandLine
{
    public const int ExitUsage = 2;

    public static int Run(FlagSet flags, string[] args, Func<IReadOnlyList<string>, int> body)
    {
        IReadOnlyList<string> positionals;
        try
        {
            positionals = flags.Parse(args);
        }
        catch (UsageException e)
        {
            return Usage(flags, e.Message);
        }
        if (flags.HelpRequested)
        {
            Console.Out.Write(flags.HelpText());
            return 0;
        }
        try
        {
            return body(positionals);
        }
        catch (UsageException e)
        {
            return Usage(flags, e.Message);
        }
    }

    public static async Task<int> RunAsync(FlagSet flags, string[] args, Func<IReadOnlyList<string>, Task<int>> body)
    {
        Task<int>? task = null;
        var code = Run(flags, args, p => { task = body(p); return 0; });
        if (task is null) return code;
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return Usage(flags, e.Message);
        }
    }

    private static int Usage(FlagSet flags, string message)
    {
        Console.Error.WriteLine($"{flags.Program}: {message}");
        Console.Error.WriteLine($"Try '{flags.Program} --help' for more information.");
        return ExitUsage;
    }
}
