namespace FalVideo.Core.Catalog;

/// <summary>A caveat shown with a model: a stable <see cref="Kind"/> for localized UIs, and the English <see cref="Text"/> (logs, API).</summary>
public sealed record ModelNote(ModelNoteKind Kind, string Text)
{
    public static ModelNote PriceFromThirdParty { get; } = new(ModelNoteKind.PriceFromThirdParty, "fal's price for this model is from a third-party table (unconfirmed).");
    public static ModelNote MayBeDeprecated { get; } = new(ModelNoteKind.MayBeDeprecated, "fal-js dropped this endpoint from its list in April 2026; it may be deprecated.");
    public static ModelNote PriceFromSibling { get; } = new(ModelNoteKind.PriceFromSibling, "Price assumed equal to the image-to-video sibling's (unconfirmed).");
    public static ModelNote ResearchOnlyLicence { get; } = new(ModelNoteKind.ResearchOnlyLicence, "Research-only licence.");
    public static ModelNote PriceNotConfirmed { get; } = new(ModelNoteKind.PriceNotConfirmed, "fal's price for this model is not confirmed.");

    public override string ToString() => Text;
}
