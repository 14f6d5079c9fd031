using System.Text.Json.Nodes;

namespace FalVideo.Core.Catalog;

/// <summary>A flat price per generated video.</summary>
public sealed class PerVideoPrice(decimal amount, bool confirmed)
    : PriceRule(FormattableString.Invariant($"${amount:0.00} per video"), confirmed, [])
{
    public decimal Amount { get; } = amount;

    public override decimal? Estimate(JsonObject input) => Amount;
}
