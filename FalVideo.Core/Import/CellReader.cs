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

    public static bool IsBlank(string? text)
    {
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ('\u200B' or '\uFEFF')) return false;
        }
        return true;
    }

    public static Reading Read(ModelField field, string raw, bool decimalCommaAllowed)
    {
        var notes = new List<(ImportSeverity, string, string)>();
        var text = raw;
        if (field.Type is not FieldType.String)
        {
            var trimmed = raw.Trim();
            if (trimmed.Length != raw.Length) notes.Add((ImportSeverity.Info, "trimmed", $"spaces around '{trimmed}' ignored"));
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
            : new Reading(false, null, error, notes);
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
