namespace FalVideo.Blazor.Resources;

/// <summary>Marker for <c>IStringLocalizer&lt;BatchTexts&gt;</c>: the Batches pages' texts, BatchTexts.resx (English) and BatchTexts.ja.resx (Japanese).</summary>
public sealed class BatchTexts;
