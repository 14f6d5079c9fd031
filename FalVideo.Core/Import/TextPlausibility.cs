namespace FalVideo.Core.Import;

/// <summary>
/// Judges whether decoded text reads like the language its encoding is for, by the shape of the words its non-ASCII
/// characters sit in. A wrong code page keeps the bytes but not the shapes: Japanese read as Windows-1252 becomes odd
/// letters and marks inside words (<c>•xŽmŽR</c>), Mac Roman or CP850 read as 1252 puts capitals and quotes inside
/// lowercase words (<c>cafŽ</c>, <c>K”ln</c>), and Western text read as CP932 glues katakana to Latin letters (<c>ﾄrger</c>).
/// </summary>
public static class TextPlausibility
{
    // Letters Windows-1252 has but French, German, Spanish, Italian, Portuguese and the Nordic languages do not use.
    private const string RareLetters = "ŠšŽžŸƒ";

    // Marks that stand between words or next to digits, never inside a word.
    private const string StandaloneMarks = "€–—…•°±×÷«»©®™¼½¾²³¹µ·¿¡£¥§¶¢ªº\u00A0";

    /// <summary>
    /// Japanese: kana, kanji, Japanese punctuation, full-width forms and half-width katakana, with kanji not inside a
    /// Latin word and half-width katakana not touching Latin letters. Private-use characters (user-defined CP932 codes) never.
    /// </summary>
    public static bool LooksJapanese(string text)
    {
        int nonAscii = 0, good = 0, bad = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80) continue;
            nonAscii++;
            if (c is >= '\uE000' and <= '\uF8FF') return false;
            var before = i > 0 && char.IsAsciiLetter(text[i - 1]);
            var after = i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]);
            if (c is >= '\u3000' and <= '\u30FF' or >= '\uFF01' and <= '\uFF5E') good++;
            else if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF')
            {
                if (before && after) bad++; else good++;
            }
            else if (c is >= '\uFF61' and <= '\uFF9F')
            {
                if (before || after) bad++; else good++;
            }
        }
        return good > 0 && bad * 20 <= good && good * 10 >= nonAscii * 8;
    }

    /// <summary>
    /// Western European: accented letters in words shaped like words (lowercase after lowercase, a capital only at the
    /// start of a word or in an all-capital word), typographic marks between words, opening quotes before a word and
    /// closing quotes after one. One implausible character is enough to say no: the user can still choose the encoding.
    /// </summary>
    public static bool LooksWestern(string text)
    {
        int nonAscii = 0, good = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80) continue;
            nonAscii++;
            var prev = i > 0 ? text[i - 1] : ' ';
            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            if (!CharPlausibleWestern(c, prev, next)) return false;
            good++;
        }
        return nonAscii > 0 && good == nonAscii && WordsMostlyAscii(text);
    }

    /// <summary>
    /// Western words are mostly ASCII letters with a few accents ("été" is the extreme); a word spelled entirely in
    /// accented letters ("Êîøêà") is Cyrillic, Greek or Hebrew read in the wrong code page.
    /// </summary>
    private static bool WordsMostlyAscii(string text)
    {
        int letters = 0, accented = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetter(text[i]))
            {
                letters++;
                if (text[i] >= 0x80) accented++;
                continue;
            }
            if (letters >= 2 && accented * 3 > letters * 2) return false;
            letters = accented = 0;
        }
        return true;
    }

    /// <summary>Either of the above: used to tell whether a valid UTF-8 line is meaningful text or an accident of other bytes.</summary>
    public static bool LooksLikeText(string text) => LooksJapanese(text) || LooksWestern(text) || LooksOtherScript(text);

    private static bool CharPlausibleWestern(char c, char prev, char next)
    {
        if (RareLetters.Contains(c)) return false;
        if (char.IsLetter(c))
        {
            if (!char.IsUpper(c)) return true;
            // A capital inside a lowercase word ("cafŽ", "rÉsumé") is not how words are written.
            return !char.IsLower(prev);
        }
        if (StandaloneMarks.Contains(c)) return !(char.IsLetter(prev) && char.IsLetter(next));
        return c switch
        {
            '‘' or '“' or '‚' or '„' => !char.IsLetterOrDigit(prev),
            '’' => true, // apostrophe inside words (don’t) as well as a closing quote
            '”' => !char.IsWhiteSpace(prev) && !char.IsLetterOrDigit(next),
            '‹' or '›' or '†' or '‡' or '‰' or 'ˆ' or '˜' => !(char.IsLetter(prev) && char.IsLetter(next)),
            _ => false,
        };
    }

    /// <summary>Greek, Cyrillic, emoji and other symbols in UTF-8 text: not Western or Japanese, but not mojibake either.</summary>
    private static bool LooksOtherScript(string text)
    {
        var any = false;
        foreach (var c in text)
        {
            if (c < 0x80) continue;
            if (c is >= '\u0391' and <= '\u03C9' or >= '\u0400' and <= '\u04FF' or >= '\u2000' and <= '\u2BFF' || char.IsSurrogate(c) || c == '\uFE0F' || c == '\u200D') any = true;
            else return false;
        }
        return any;
    }

    /// <summary>
    /// The text as it was before being converted to UTF-8 a second time ("cafÃ© â€“" → "café –"), or null when it does
    /// not look double-encoded: it must hold a UTF-8 lead byte read as Windows-1252 (Ã, â, Â…) followed by a
    /// continuation byte read the same way, and the whole text must turn back into valid UTF-8.
    /// </summary>
    public static string? UndoDoubleEncoding(string text)
    {
        var suspicious = false;
        for (var i = 0; i + 1 < text.Length && !suspicious; i++)
        {
            suspicious = text[i] is >= '\u00C2' and <= '\u00F4' && Cp1252Byte(text[i + 1]) is >= 0x80 and <= 0xBF;
        }
        if (!suspicious) return null;
        try
        {
            var bytes = TextEncodings.Strict(TextEncodings.Windows1252).GetBytes(text);
            var repaired = TextEncodings.Strict(TextEncodings.Utf8).GetString(bytes);
            return repaired != text ? repaired : null;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return null;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    private static int Cp1252Byte(char c)
    {
        if (c is >= '\u00A0' and <= '\u00FF') return c;
        var index = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ".IndexOf(c);
        return index < 0 ? -1 : 0x80 + index;
    }
}
