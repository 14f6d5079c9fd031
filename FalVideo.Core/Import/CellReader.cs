using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;

namespace FalVideo.Core.Import;

/// <summary>
/// Turns a parameter cell into the field's JSON value by three documented rules, each reported on the row, then hands it
/// to the catalog's strict parser (which refuses "12.5" for a whole number, "21:9" for 16:9, "1e6" as a seed…):
/// <list type="number">
/// <item>Surrounding whitespace (spaces, tabs, ideographic and no-break spaces) is not part of a number or a choice (info).</item>
/// <item>Full-width ASCII forms typed with a Japanese IME (<c>１６：９</c>, <c>－１</c>) are read as their ASCII
/// equivalents (warning). Only U+FF01–U+FF5E are folded; other look-alikes (①, ¹) are not digits and are refused.</item>
/// <item>In semicolon- or tab-delimited files (European-locale Excel) a decimal comma in a number field (<c>7,5</c>) is a
/// decimal point (info, plus a file-level warning). Only <c>digits,digits</c>; thousands separators are never accepted,
/// and in comma-delimited files a comma is refused ("use a dot").</item>
/// </list>
/// Prompts and other text fields are never changed.
/// </summary>
public static class CellReader
{
    public sealed record Reading(bool Ok, JsonNode? Value, string? Error, IReadOnlyList<(ImportSeverity Severity, string Code, string Note)> Notes);

    /// <summary>Empty, or only whitespace, control characters (a stray Ctrl-Z or form feed) and invisible ones (zero-width space, word joiner, BOM).</summary>
    public static bool IsBlank(string? text)
    {
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && !IsInvisible(c)) return false;
        }
        return true;
    }

    /// <summary>Characters that show nothing: zero-width space/joiners, word joiner, soft hyphen, byte order mark.</summary>
    public static bool IsInvisible(char c) => Invisible.Contains(c);

    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF\u00AD");

    /// <summary>The text without invisible characters at its ends (a zero-width space pasted after "9:16").</summary>
    public static string TrimInvisible(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && (IsInvisible(text[start]) || char.IsWhiteSpace(text[start]))) start++;
        while (end > start && (IsInvisible(text[end - 1]) || char.IsWhiteSpace(text[end - 1]))) end--;
        if (!text.AsSpan(0, start).ContainsAny(Invisible) && !text.AsSpan(end).ContainsAny(Invisible)) return text;
        // Keep surrounding spaces as they were; only the invisible characters go.
        return new string([.. text[..start].Where(c => !IsInvisible(c)), .. text[start..end], .. text[end..].Where(c => !IsInvisible(c))]);
    }

    /// <summary>"U+200B" for each invisible character in <paramref name="text"/>.</summary>
    public static string InvisibleNames(string text) =>
        string.Join(", ", text.Where(IsInvisible).Distinct().Select(c => $"U+{(int)c:X4}"));

    public static Reading Read(ModelField field, string raw, bool decimalCommaAllowed)
    {
        var notes = new List<(ImportSeverity, string, string)>();
        var text = raw;
        if (field.Type is not FieldType.String)
        {
            var visible = TrimInvisible(raw);
            if (visible.Length != raw.Length)
                notes.Add((ImportSeverity.Warning, "invisible_removed", $"invisible character(s) {InvisibleNames(raw)} around '{visible.Trim()}' removed"));
            var trimmed = visible.Trim();
            if (trimmed.Length != visible.Length) notes.Add((ImportSeverity.Info, "trimmed", $"spaces around '{trimmed}' ignored"));
            var folded = FoldFullWidth(trimmed);
            if (!string.Equals(folded, trimmed, StringComparison.Ordinal))
                notes.Add((ImportSeverity.Warning, "full_width", $"full-width '{trimmed}' read as '{folded}'"));
            text = folded;
            if (field.Type is FieldType.Float && decimalCommaAllowed && IsDecimalComma(text))
            {
                var dotted = text.Replace(',', '.');
                notes.Add((ImportSeverity.Info, "decimal_comma", $"decimal comma '{text}' read as {dotted}"));
                text = dotted;
            }
        }
        return field.TryParse(text, out var value, out var error)
            ? new Reading(true, value, null, notes)
            : new Reading(false, null, NumberHint(field, text) is { } hint ? $"{error}; {hint}" : error, notes);
    }

    /// <summary>What Excel did to a number the catalog refuses, and how to undo it.</summary>
    private static string? NumberHint(ModelField field, string text)
    {
        if (field.Type is not (FieldType.Integer or FieldType.Float)) return null;
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^[+-]?\d(\.\d+)?E[+-]?\d+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            return "Excel rounded this long number and wrote it in scientific notation — format the column as Text in Excel, type the full number again and export";
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^[+-]?\d{1,3}([,.' ]\d{3})+$"))
            return $"remove the thousands separator (write {new string([.. text.Where(c => char.IsAsciiDigit(c) || c is '-' or '+')])})";
        return null;
    }

    /// <summary>Maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space to ASCII.</summary>
    public static string FoldFullWidth(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var mapped = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            };
            if (mapped != c && builder is null) builder = new StringBuilder(text, 0, i, text.Length);
            builder?.Append(mapped);
        }
        return builder?.ToString() ?? text;
    }

    private static bool IsDecimalComma(string text)
    {
        var comma = text.IndexOf(',');
        if (comma <= 0 || comma != text.LastIndexOf(',') || comma == text.Length - 1 || text.Contains('.')) return false;
        var start = text[0] is '+' or '-' ? 1 : 0;
        for (var i = start; i < text.Length; i++)
        {
            if (i != comma && !char.IsAsciiDigit(text[i])) return false;
        }
        return comma > start;
    }

    public static string Format(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };
}
