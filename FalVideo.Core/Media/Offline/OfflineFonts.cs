using System.Text;
using SkiaSharp;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// The typefaces the offline renderer draws with, looked up once. The system default (DejaVu Sans on Debian) has no
/// kana or kanji, so text it cannot draw goes to Noto Sans CJK JP (fonts-noto-cjk) when installed.
/// </summary>
public sealed class OfflineFonts : IDisposable
{
    public const string JapaneseFamily = "Noto Sans CJK JP";

    private static readonly string[] JapaneseLanguage = ["ja-JP", "ja"];

    public OfflineFonts()
        : this(SKFontManager.Default)
    {
    }

    public OfflineFonts(SKFontManager fontManager)
    {
        FontManager = fontManager;
        Regular = fontManager.MatchFamily(null, SKFontStyle.Normal) ?? SKTypeface.Default;
        Bold = fontManager.MatchFamily(null, SKFontStyle.Bold) ?? Regular;
        Japanese = FindJapanese(fontManager, SKFontStyle.Normal);
        JapaneseBold = FindJapanese(fontManager, SKFontStyle.Bold) ?? Japanese;
    }

    private SKFontManager FontManager { get; }

    public SKTypeface Regular { get; }
    public SKTypeface Bold { get; }

    /// <summary>Noto Sans CJK JP (or whatever the system matches for kana), null when no installed font has Japanese.</summary>
    public SKTypeface? Japanese { get; }
    public SKTypeface? JapaneseBold { get; }

    /// <summary>A typeface that can draw every character of <paramref name="text"/>: the default one when it can, else a Japanese or matching fallback.</summary>
    public SKTypeface For(string text, bool bold = false)
    {
        var primary = bold ? Bold : Regular;
        if (FirstMissing(primary, text) is not { } missing) return primary;

        var japanese = bold ? JapaneseBold : Japanese;
        if (japanese is not null && FirstMissing(japanese, text) is null) return japanese;

        // Some other script (Hangul, Thai, emoji…): the first font that has the first missing character.
        var style = bold ? SKFontStyle.Bold : SKFontStyle.Normal;
        return FontManager.MatchCharacter(null, style, JapaneseLanguage, missing.Value) ?? japanese ?? primary;
    }

    private static SKTypeface? FindJapanese(SKFontManager fontManager, SKFontStyle style)
    {
        var typeface = fontManager.MatchFamily(JapaneseFamily, style);
        if (typeface is not null && FirstMissing(typeface, "あ漢") is null) return typeface;
        typeface?.Dispose();
        return fontManager.MatchCharacter(null, style, JapaneseLanguage, 'あ');
    }

    private static Rune? FirstMissing(SKTypeface typeface, string text)
    {
        using var font = new SKFont(typeface);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)) continue;
            if (!font.ContainsGlyph(rune.Value)) return rune;
        }
        return null;
    }

    public void Dispose()
    {
        // SKTypeface.Default and typefaces shared between fields are disposed once; Skia ref-counts the rest.
        foreach (var typeface in new[] { Regular, Bold, Japanese, JapaneseBold }.OfType<SKTypeface>().Distinct())
        {
            if (!ReferenceEquals(typeface, SKTypeface.Default)) typeface.Dispose();
        }
    }
}
