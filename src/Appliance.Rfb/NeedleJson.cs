using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Rfb;

/// <summary>openQA's needle JSON as it is on disk (os-autoinst needle.pm reads the same names).</summary>
internal sealed class NeedleFile
{
    [JsonPropertyName("area")] public List<NeedleFileArea>? Area { get; set; }
    [JsonPropertyName("tags")] public List<string>? Tags { get; set; }
    [JsonPropertyName("properties")] public List<JsonElement>? Properties { get; set; }
}

internal sealed class NeedleFileArea
{
    [JsonPropertyName("xpos")] public int Xpos { get; set; }
    [JsonPropertyName("ypos")] public int Ypos { get; set; }
    [JsonPropertyName("width")] public int Width { get; set; }
    [JsonPropertyName("height")] public int Height { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("match")] public double? Match { get; set; }
    [JsonPropertyName("margin")] public int? Margin { get; set; }
    /// <summary>Either {"xpos":..,"ypos":..} relative to the area or the string "center".</summary>
    [JsonPropertyName("click_point")] public JsonElement? ClickPoint { get; set; }
}

internal sealed class NeedleFileClickPoint
{
    [JsonPropertyName("xpos")] public double Xpos { get; set; }
    [JsonPropertyName("ypos")] public double Ypos { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(NeedleFile))]
[JsonSerializable(typeof(NeedleFileClickPoint))]
internal sealed partial class NeedleJsonContext : JsonSerializerContext;
