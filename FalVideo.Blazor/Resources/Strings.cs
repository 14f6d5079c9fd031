namespace FalVideo.Blazor.Resources;

/// <summary>Marker for <c>IStringLocalizer&lt;Strings&gt;</c>: every user-facing text, in Strings.resx (English) and Strings.ja.resx (Japanese).</summary>
public sealed class Strings;
