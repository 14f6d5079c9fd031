using System.Text.Json.Nodes;

namespace FalVideo.Core.Catalog;

/// <summary>fal's price for the model is not known here: no estimate (the UI says so rather than guessing a figure).</summary>
public sealed class UnknownPrice() : PriceRule("price not confirmed — see the model's page on fal.ai", confirmed: false, [])
{
    public override decimal? Estimate(JsonObject input) => null;
}
