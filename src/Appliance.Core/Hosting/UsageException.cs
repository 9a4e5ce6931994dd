namespace Appliance.Core.Hosting;

/// <summary>A command line that does not parse; the host prints it with a pointer to --help and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);
