using System.Globalization;
using System.Text.Json.Nodes;
using FalVideo.Blazor.Resources;
using FalVideo.Core.Catalog;
using Microsoft.Extensions.Localization;

namespace FalVideo.Blazor.Components.Generate;

/// <summary>
/// Form input for one model field: the catalog's strict parser decides what is valid (so the form, the CSV import and
/// the API agree); this only says why, in the user's language.
/// </summary>
public static class FieldInputCheck
{
    /// <summary>The JSON value to send (null = not given, fal's default), or a localized reason it cannot be sent.</summary>
    public static (JsonNode? Value, string? Error) Check(ModelField field, string? raw, IStringLocalizer<Strings> l) =>
        field.TryParse(raw, out var value, out var error) ? (value, null) : (null, Explain(field, raw, error, l));

    public static string Explain(ModelField field, string? raw, string? fallback, IStringLocalizer<Strings> l)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0) return l["Field_Required"];
        switch (field.Type)
        {
            case FieldType.Integer when !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                return l["Field_WholeNumber"];
            case FieldType.Float when !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number):
                return text.Contains(',') ? l["Field_NumberDot"] : l["Field_Number"];
            case FieldType.Enum:
                return l["Field_OneOf", string.Join(", ", field.EnumValues)];
            case FieldType.Boolean:
                return l["Field_TrueFalse"];
        }
        return RangeText(field, l) is { } range ? l["Field_MustBe", range].Value : fallback ?? l["Field_Invalid"].Value;
    }

    public static string? RangeText(ModelField field, IStringLocalizer<Strings> l) => (field.Min, field.Max) switch
    {
        ({ } min, { } max) => l["Field_Between", Format(min), Format(max)].Value,
        ({ } min, null) => l["Field_AtLeast", Format(min)].Value,
        (null, { } max) => l["Field_AtMost", Format(max)].Value,
        _ => null,
    };

    /// <summary>A stored value back as form text ("30", "true", "16:9").</summary>
    public static string? ToRaw(JsonNode? value) => value switch
    {
        null => null,
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static string Format(double number) => number.ToString("G", CultureInfo.InvariantCulture);
}
