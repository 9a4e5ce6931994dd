using System.Text.Json.Serialization;

namespace Appliance.Core.Control;

/// <summary>The built-in <c>ping</c> answer.</summary>
public sealed record PingInfo(string Daemon, int Pid, string Version, long UptimeSeconds);

/// <summary>A verb as listed by <c>help</c>.</summary>
public sealed record VerbInfo(string Verb, string Help, bool Mutating);

/// <summary>Source-generated JSON for the control protocol's own types (no reflection; Native-AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PingInfo))]
[JsonSerializable(typeof(VerbInfo[]))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
