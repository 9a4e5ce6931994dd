namespace Appliance.Core.Hosting;

/// <summary>The result of a reload: applied, or refused with the reason (the old state stays in force).</summary>
public readonly record struct ReloadOutcome(bool Applied, string Message)
{
    public static ReloadOutcome Success(string message) => new(true, message);
    public static ReloadOutcome Refused(string reason) => new(false, reason);
}
