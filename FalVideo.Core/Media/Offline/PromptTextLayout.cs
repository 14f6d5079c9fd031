using System.Globalization;
using System.Text;
using SkiaSharp;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// Greedy line wrapping that works for English (break at spaces) and Japanese (break between characters, not before
/// closing punctuation or small kana). A word too wide for a line is broken by characters.
/// </summary>
public static class PromptTextLayout
{
    // Characters that must not start a line in Japanese (kinsoku shori, the common subset).
    private const string NoLineStart = "、。，．,.・：；？！!?ー）」』】〕〉》〟’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";

    public static IReadOnlyList<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var token in Tokens(paragraph))
            {
                if (line.Length == 0) line = token.TrimStart();
                else if (font.MeasureText((line + token).TrimEnd()) <= maxWidth) line += token;
                else
                {
                    lines.Add(line.TrimEnd());
                    line = token.TrimStart();
                }
                while (line.Trim().Length > 0 && font.MeasureText(line.TrimEnd()) > maxWidth)
                {
                    var (head, rest) = SplitToFit(line, font, maxWidth);
                    lines.Add(head);
                    line = rest;
                }
            }
            if (line.Trim().Length > 0) lines.Add(line.TrimEnd());
        }
        return lines;
    }

    /// <summary>
    /// <paramref name="line"/> when it fits <paramref name="maxWidth"/>, else as much of its start as fits with an ellipsis.
    /// <paramref name="cut"/>: text follows that is not shown, so the ellipsis is added in any case.
    /// </summary>
    public static string Ellipsize(string line, SKFont font, float maxWidth, bool cut = false)
    {
        const string ellipsis = "…";
        if (!cut && font.MeasureText(line) <= maxWidth) return line;
        var elements = TextElements(line.TrimEnd());
        for (var count = elements.Count; count >= 0; count--)
        {
            var candidate = string.Concat(elements.Take(count)).TrimEnd() + ellipsis;
            if (font.MeasureText(candidate) <= maxWidth) return candidate;
        }
        return ellipsis;
    }

    /// <summary>Words with their trailing spaces; each CJK character on its own, with following closing punctuation kept on it.</summary>
    private static IEnumerable<string> Tokens(string paragraph)
    {
        var current = new StringBuilder();
        var afterSpace = false;
        var afterCjk = false;
        foreach (var element in TextElements(paragraph))
        {
            if (current.Length > 0 && !afterSpace && NoLineStart.Contains(element, StringComparison.Ordinal))
            {
                current.Append(element);
            }
            else if (char.IsWhiteSpace(element[0]))
            {
                current.Append(' ');
                afterSpace = true;
            }
            else
            {
                var cjk = IsCjk(element);
                // A new token starts after a space, at every CJK character, and at the first letter after one.
                if (current.Length > 0 && (afterSpace || cjk || afterCjk))
                {
                    yield return current.ToString();
                    current.Clear();
                }
                current.Append(element);
                afterSpace = false;
                afterCjk = cjk;
            }
        }
        if (current.Length > 0) yield return current.ToString();
    }

    /// <summary>The longest prefix (at least one character) that fits, and the rest.</summary>
    private static (string Head, string Remainder) SplitToFit(string line, SKFont font, float maxWidth)
    {
        var elements = TextElements(line);
        var count = 1;
        while (count < elements.Count && font.MeasureText(string.Concat(elements.Take(count + 1))) <= maxWidth) count++;
        return (string.Concat(elements.Take(count)), string.Concat(elements.Skip(count)).TrimStart());
    }

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) elements.Add(enumerator.GetTextElement());
        return elements;
    }

    private static bool IsCjk(string element)
    {
        if (element.Length == 0) return false;
        var value = char.ConvertToUtf32(element, 0);
        return value is >= 0x3000 and <= 0x30FF   // CJK punctuation, hiragana, katakana
            or >= 0x3400 and <= 0x4DBF            // CJK extension A
            or >= 0x4E00 and <= 0x9FFF            // CJK unified ideographs
            or >= 0xF900 and <= 0xFAFF            // CJK compatibility ideographs
            or >= 0xFF00 and <= 0xFFEF            // full-width forms
            or >= 0xAC00 and <= 0xD7AF            // Hangul syllables
            or >= 0x20000 and <= 0x2FFFF;         // CJK extensions B+
    }
}
