namespace FalVideo.Core.Catalog;

/// <summary>Stable code of a <see cref="ModelNote"/>: the UI shows its own translation of each, not the English text.</summary>
public enum ModelNoteKind
{
    /// <summary>fal's price comes from a third-party table.</summary>
    PriceFromThirdParty,
    /// <summary>fal-js dropped the endpoint from its list; it may be deprecated.</summary>
    MayBeDeprecated,
    /// <summary>The price is assumed equal to the image-to-video sibling's.</summary>
    PriceFromSibling,
    /// <summary>The model's licence allows research use only.</summary>
    ResearchOnlyLicence,
    /// <summary>fal's price is not confirmed at all (no estimate).</summary>
    PriceNotConfirmed,
}
