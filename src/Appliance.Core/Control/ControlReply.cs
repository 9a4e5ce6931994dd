using System.Text.Json;

namespace Appliance.Core.Control;

/// <summary>One answer line: <c>ok</c>, the <c>error</c> when not ok, and the whole object for the verb's fields.</summary>
public sealed class ControlReply : IDisposable
{
    private readonly JsonDocument _document;

    internal ControlReply(JsonDocument document)
    {
        _document = document;
        Ok = Root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True;
        Error = Root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    public bool Ok { get; }
    public string? Error { get; }
    public JsonElement Root => _document.RootElement;

    public string? GetString(string name) =>
        Root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public long? GetInt64(string name) =>
        Root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public void Dispose() => _document.Dispose();
}
