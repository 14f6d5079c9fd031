using System.Globalization;
using System.Text.Json.Nodes;

namespace FalVideo.Core.Catalog;

/// <summary>A base price covering the first seconds of video plus a price per extra second (Kling: $1.40 per 5 s + $0.28/s).</summary>
public sealed class DurationTierPrice(decimal basePrice, int baseSeconds, decimal perExtraSecond, string durationField, bool confirmed)
    : PriceRule(FormattableString.Invariant($"${basePrice:0.00} per {baseSeconds} s + ${perExtraSecond:0.00} per extra second"), confirmed, [durationField])
{
    public decimal BasePrice { get; } = basePrice;
    public int BaseSeconds { get; } = baseSeconds;
    public decimal PerExtraSecond { get; } = perExtraSecond;

    public override decimal? Estimate(JsonObject input)
    {
        if (input[durationField] is not JsonValue value || !value.TryGetValue<string>(out var text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return null;
        return BasePrice + Math.Max(0, seconds - BaseSeconds) * PerExtraSecond;
    }
}
