using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FalVideo.Core.Catalog;

/// <summary>
/// One input field of a fal model: its wire type, fal's default, allowed values and range. Drives form generation,
/// per-row CSV validation and cost estimates. Messages name no field; callers wrap them in a <see cref="Domain.FieldError"/>.
/// </summary>
public sealed partial record ModelField
{
    public required string Name { get; init; }
    public required FieldType Type { get; init; }
    public required string Description { get; init; }
    public bool Required { get; init; }

    /// <summary>fal's default (null when fal picks one, e.g. a random seed). Shown in forms; not sent unless needed for cost.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>Allowed values of an <see cref="FieldType.Enum"/> field, in fal's order.</summary>
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    public double? Min { get; init; }
    public double? Max { get; init; }

    /// <summary>Why a default or range is our assumption rather than fal's published schema; null when confirmed.</summary>
    public string? Unconfirmed { get; init; }

    /// <summary>A long free-text field (prompt, negative prompt): a text area in forms.</summary>
    public bool Multiline { get; init; }

    /// <summary>
    /// Checks a JSON value already in the input. Returns null when it is acceptable, else the reason
    /// ("must be between 2 and 50", "must be a whole number", "'21:9' is not one of 16:9, 9:16"). No coercion:
    /// <c>"30"</c> (text) is not an integer and <c>12.0</c> is not a whole number.
    /// </summary>
    public string? Check(JsonNode? value) => Diagnose(value)?.Message;

    /// <summary>As <see cref="Check"/>, with a code and arguments for localized messages.</summary>
    public FieldProblem? Diagnose(JsonNode? value)
    {
        if (value is null) return Required ? new(FieldProblemKind.Required, "is required") : null;
        var kind = value.GetValueKind();
        switch (Type)
        {
            case FieldType.String:
                if (kind != JsonValueKind.String) return new(FieldProblemKind.NotText, "must be text");
                if (Required && string.IsNullOrWhiteSpace(value.GetValue<string>())) return new(FieldProblemKind.Required, "is required");
                return null;
            case FieldType.Enum:
                if (kind != JsonValueKind.String) return new(FieldProblemKind.NotInList, $"must be one of {EnumList()} (as text)", [.. EnumValues]);
                var text = value.GetValue<string>();
                return EnumValues.Contains(text, StringComparer.Ordinal) ? null : new(FieldProblemKind.NotInList, $"'{text}' is not one of {EnumList()}", [.. EnumValues]);
            case FieldType.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : new(FieldProblemKind.NotBoolean, "must be true or false");
            case FieldType.Integer:
                // Read the number as written: "12.0" and "1e6" are refused, whatever they equal.
                if (kind != JsonValueKind.Number || !AsElement(value).TryGetInt64(out var whole)) return new(FieldProblemKind.NotWholeNumber, "must be a whole number");
                return CheckRange(whole);
            case FieldType.Float:
                if (kind != JsonValueKind.Number || !AsElement(value).TryGetDouble(out var number) || !double.IsFinite(number)) return new(FieldProblemKind.NotNumber, "must be a number");
                return CheckRange(number);
            default:
                throw new InvalidOperationException($"Unknown field type {Type}.");
        }
    }

    /// <summary>
    /// Parses a raw text cell (CSV, form box) into the field's JSON value and checks it. Empty or blank text means
    /// "not given" (<paramref name="value"/> null, true — unless the field is required). Nothing is silently coerced:
    /// "12.5" and "1e6" are not whole numbers, "yes" is not a boolean, "5,5" is not a number, "720P" is not "720p".
    /// <paramref name="error"/> is the reason without the field name.
    /// </summary>
    public bool TryParse(string? raw, out JsonNode? value, out string? error)
    {
        var ok = TryRead(raw, out value, out var problem);
        error = problem?.Message;
        return ok;
    }

    /// <summary>As <see cref="TryParse"/>, with the reason as a code and arguments for localized messages.</summary>
    public bool TryRead(string? raw, out JsonNode? value, out FieldProblem? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (!Required) return true;
            problem = new(FieldProblemKind.Required, "is required");
            return false;
        }
        var text = Type is FieldType.String ? raw : raw.Trim();
        switch (Type)
        {
            case FieldType.String:
            case FieldType.Enum:
                value = JsonValue.Create(text);
                break;
            case FieldType.Boolean:
                if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) value = JsonValue.Create(true);
                else if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) value = JsonValue.Create(false);
                else problem = new(FieldProblemKind.NotBoolean, "must be true or false");
                break;
            case FieldType.Integer:
                if (WholeNumber().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) value = JsonValue.Create(whole);
                else problem = new(FieldProblemKind.NotWholeNumber, "must be a whole number");
                break;
            case FieldType.Float:
                if (DecimalNumber().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)) value = JsonValue.Create(number);
                else problem = text.Contains(',')
                    ? new(FieldProblemKind.NotNumberUseDot, "must be a number (use a dot for decimals)")
                    : new(FieldProblemKind.NotNumber, "must be a number");
                break;
        }
        problem ??= Diagnose(value);
        if (problem is null) return true;
        value = null;
        return false;
    }

    /// <summary>The range in words for forms and messages, or null when the field has none.</summary>
    public string? RangeText => (Min, Max) switch
    {
        ({ } min, { } max) => $"between {Format(min)} and {Format(max)}",
        ({ } min, null) => $"at least {Format(min)}",
        (null, { } max) => $"at most {Format(max)}",
        _ => null,
    };

    internal string EnumList() => string.Join(", ", EnumValues);

    private FieldProblem? CheckRange(double number) =>
        (Min is { } min && number < min) || (Max is { } max && number > max)
            ? new(FieldProblemKind.OutOfRange, $"must be {RangeText}", [Min, Max])
            : null;

    private static JsonElement AsElement(JsonNode value) => JsonSerializer.SerializeToElement(value);

    private static string Format(double number) => number.ToString("G", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex WholeNumber();

    // Plain decimals and exponents for floats; not "NaN", "Infinity", hex or thousands separators.
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex DecimalNumber();
}
