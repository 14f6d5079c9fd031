using System.Globalization;
using System.Text.Json.Nodes;

namespace FalVideo.Core.Catalog;

/// <summary>
/// A price per second of output video whose rate depends on one input field (resolution, audio on/off).
/// <paramref name="seconds"/> reads the video length from the input.
/// </summary>
public sealed class PerSecondPrice(
    string summary,
    bool confirmed,
    string rateField,
    IReadOnlyDictionary<string, decimal> ratePerSecond,
    IReadOnlyList<string> lengthFields,
    Func<JsonObject, decimal?> seconds)
    : PriceRule(summary, confirmed, [rateField, .. lengthFields])
{
    public string RateField { get; } = rateField;
    public IReadOnlyDictionary<string, decimal> RatePerSecond { get; } = ratePerSecond;

    public override decimal? Estimate(JsonObject input)
    {
        var key = input[RateField] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var other => other.ToJsonString(),
        };
        if (key is null || !RatePerSecond.TryGetValue(key, out var rate)) return null;
        return seconds(input) is { } length ? Math.Round(rate * length, 4) : null;
    }

    /// <summary>Reads a duration given as text with an optional unit suffix ("5", "8s").</summary>
    public static decimal? SecondsFromText(JsonNode? node, string suffix = "") =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
        && decimal.TryParse(suffix.Length > 0 && text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text,
            NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
}
