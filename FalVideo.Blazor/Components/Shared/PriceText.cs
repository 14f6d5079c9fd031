using System.Globalization;
using FalVideo.Blazor.Resources;
using FalVideo.Core.Catalog;
using Microsoft.Extensions.Localization;

namespace FalVideo.Blazor.Components.Shared;

/// <summary>
/// A model's price rule and notes in the user's language. The catalog's <see cref="PriceRule.Summary"/> and
/// <see cref="ModelNote.Text"/> stay English for logs and the API; the UI builds its own text from the rule's figures.
/// </summary>
public static class PriceText
{
    /// <summary>e.g. "$0.20 per video (estimate)" / "1本あたり $0.20（推定）".</summary>
    public static string Price(this IStringLocalizer<Strings> l, PriceRule rule)
    {
        var text = rule switch
        {
            PerVideoPrice perVideo => l["Price_PerVideo", UiText.Money(perVideo.Amount)].Value,
            DurationTierPrice tier => l["Price_DurationTier", UiText.Money(tier.BasePrice), tier.BaseSeconds.ToString(CultureInfo.CurrentCulture), UiText.Money(tier.PerExtraSecond)].Value,
            PerSecondPrice perSecond => string.Join(l["Price_Separator"].Value, perSecond.RatePerSecond.Select(rate =>
                l["Price_PerSecondWhen", UiText.Money(rate.Value), RateCondition(l, perSecond.RateField, rate.Key)].Value)),
            UnknownPrice => l["Price_Unknown"].Value,
            // A rule kind this formatter does not know yet: its English summary rather than nothing.
            _ => rule.Summary,
        };
        // UnknownPrice already says it is not confirmed.
        return rule.Confirmed || rule is UnknownPrice ? text : l["Price_Estimate", text].Value;
    }

    /// <summary>The note in the user's language; the catalog's English text when no translation exists.</summary>
    public static string Note(this IStringLocalizer<Strings> l, ModelNote note) =>
        l[$"ModelNote_{note.Kind}"] is { ResourceNotFound: false } text ? text.Value : note.Text;

    // "Resolution: 480p", "Generate audio: No".
    private static string RateCondition(IStringLocalizer<Strings> l, string field, string value)
    {
        var label = l[$"Field_{field}"] is { ResourceNotFound: false } name ? name.Value : field;
        var shown = value switch
        {
            "true" => l["Field_Yes"].Value,
            "false" => l["Field_No"].Value,
            _ => value,
        };
        return l["Price_Condition", label, shown];
    }
}
