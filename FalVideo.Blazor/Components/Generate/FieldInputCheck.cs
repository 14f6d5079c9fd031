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
        field.TryRead(raw, out var value, out var problem) ? (value, null) : (null, Explain(field, problem!, l));

    /// <summary>
    /// Why the server refused <paramref name="raw"/>: the catalog's own reading of it, localized; <paramref name="fallback"/>
    /// (the server's English message) only when the catalog finds nothing wrong with it.
    /// </summary>
    public static string Explain(ModelField field, string? raw, string? fallback, IStringLocalizer<Strings> l) =>
        field.TryRead(raw, out _, out var problem) ? fallback ?? l["Field_Invalid"].Value : Explain(field, problem!, l);

    /// <summary>The catalog's reason in the user's language, from its code (the English message is for the API).</summary>
    public static string Explain(ModelField field, FieldProblem problem, IStringLocalizer<Strings> l) => problem.Kind switch
    {
        FieldProblemKind.Required => l["Field_Required"],
        FieldProblemKind.NotText => l["Field_Text"],
        FieldProblemKind.NotInList => l["Field_OneOf", string.Join(", ", field.EnumValues)],
        FieldProblemKind.NotBoolean => l["Field_TrueFalse"],
        FieldProblemKind.NotWholeNumber => l["Field_WholeNumber"],
        FieldProblemKind.NotNumber => l["Field_Number"],
        FieldProblemKind.NotNumberUseDot => l["Field_NumberDot"],
        FieldProblemKind.OutOfRange when RangeText(field, l) is { } range => l["Field_MustBe", range],
        _ => l["Field_Invalid"],
    };

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
