using System.Text.Json.Nodes;

namespace FalVideo.Core.Catalog;

/// <summary>
/// How fal charges for one request of a model. <see cref="Confirmed"/> is false where fal's price is not verified, and the
/// UI labels such figures "estimate". Estimates read the input with the model's defaults for <see cref="CostFields"/> filled in.
/// </summary>
public abstract class PriceRule
{
    protected PriceRule(string summary, bool confirmed, IReadOnlyList<string> costFields)
    {
        Summary = summary;
        Confirmed = confirmed;
        CostFields = costFields;
    }

    /// <summary>The rule in words, e.g. "$0.20 per video".</summary>
    public string Summary { get; }

    /// <summary>False when the price comes from a third party or is assumed from a sibling model.</summary>
    public bool Confirmed { get; }

    /// <summary>Input fields the price depends on; their defaults are stored with a job so its estimate stays reproducible.</summary>
    public IReadOnlyList<string> CostFields { get; }

    /// <summary>The cost in USD of one request with this input, or null when it cannot be known.</summary>
    public abstract decimal? Estimate(JsonObject input);

    public override string ToString() => Confirmed ? Summary : $"{Summary} (estimate)";
}
