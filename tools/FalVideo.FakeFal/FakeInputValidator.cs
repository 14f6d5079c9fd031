using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;

namespace FalVideo.FakeFal;

/// <summary>
/// Checks a submit body against the model catalog the way fal's pydantic models answer: a 422 <c>detail</c> array of
/// <c>{loc, msg, type, ctx?, input?}</c>. Like pydantic (lax mode) it ignores unknown fields and accepts numeric text.
/// </summary>
public static class FakeInputValidator
{
    public static JsonArray Details(ModelDefinition model, JsonObject input)
    {
        var details = new JsonArray();
        foreach (var field in model.Fields)
        {
            var value = input[field.Name];
            if (value is null)
            {
                if (field.Required) details.Add(Detail(field.Name, "Field required", "missing", null, null));
                continue;
            }
            if (Problem(field, value) is { } problem) details.Add(problem);
        }
        return details;
    }

    private static JsonObject? Problem(ModelField field, JsonNode value)
    {
        var kind = value.GetValueKind();
        switch (field.Type)
        {
            case FieldType.String:
                return kind == JsonValueKind.String ? null : Detail(field.Name, "Input should be a valid string", "string_type", null, value);
            case FieldType.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : Detail(field.Name, "Input should be a valid boolean", "bool_type", null, value);
            case FieldType.Enum:
                var expected = string.Join(" or ", field.EnumValues.Select(v => $"'{v}'"));
                return kind == JsonValueKind.String && field.EnumValues.Contains(value.GetValue<string>())
                    ? null
                    : Detail(field.Name, $"Input should be {expected}", "literal_error", new JsonObject { ["expected"] = expected }, value);
            case FieldType.Integer:
            case FieldType.Float:
                if (!TryNumber(value, out var number))
                    return field.Type == FieldType.Integer
                        ? Detail(field.Name, "Input should be a valid integer, unable to parse string as an integer", "int_parsing", null, value)
                        : Detail(field.Name, "Input should be a valid number, unable to parse string as a number", "float_parsing", null, value);
                if (field.Type == FieldType.Integer && number != Math.Floor(number))
                    return Detail(field.Name, "Input should be a valid integer, got a number with a fractional part", "int_from_float", null, value);
                if (field.Min is { } min && number < min)
                    return Detail(field.Name, $"Input should be greater than or equal to {Format(min)}", "greater_than_equal", new JsonObject { ["ge"] = min }, value);
                if (field.Max is { } max && number > max)
                    return Detail(field.Name, $"Input should be less than or equal to {Format(max)}", "less_than_equal", new JsonObject { ["le"] = max }, value);
                return null;
            default:
                return null;
        }
    }

    private static bool TryNumber(JsonNode value, out double number)
    {
        number = 0;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number => value.AsValue().TryGetValue(out number),
            JsonValueKind.String => double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    private static JsonObject Detail(string field, string msg, string type, JsonObject? ctx, JsonNode? input)
    {
        var detail = new JsonObject
        {
            ["loc"] = new JsonArray("body", field),
            ["msg"] = msg,
            ["type"] = type,
            ["url"] = $"https://docs.fal.ai/errors#{type}",
        };
        if (ctx is not null) detail["ctx"] = ctx;
        if (input is not null) detail["input"] = input.DeepClone();
        return detail;
    }

    private static string Format(double number) => number.ToString("G", CultureInfo.InvariantCulture);
}
