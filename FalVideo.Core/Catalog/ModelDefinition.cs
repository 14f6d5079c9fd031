using System.Text.Json.Nodes;
using FalVideo.Core.Domain;

namespace FalVideo.Core.Catalog;

/// <summary>One fal text-to-video endpoint: its input fields, output shape and price rule.</summary>
public sealed record ModelDefinition
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required IReadOnlyList<ModelField> Fields { get; init; }
    public required ModelOutput Output { get; init; }
    public required PriceRule Price { get; init; }

    /// <summary>Caveats shown with the model (licence, possible deprecation), each with a stable code for translation.</summary>
    public IReadOnlyList<ModelNote> Notes { get; init; } = [];

    /// <summary>Field names people put in by mistake for this model (the original README's Wan 1.3B input), refused with a pointed message.</summary>
    public IReadOnlyList<string> InventedFields { get; init; } = [];

    public ModelField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public string FieldList => string.Join(", ", Fields.Select(f => f.Name));

    /// <summary>
    /// Checks a model input. With <paramref name="includePrompt"/> false the prompt is left to the caller (the job form
    /// checks it itself). JSON nulls count as "not given". Unknown fields are refused, naming the model's real fields.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonObject input, bool includePrompt = true)
    {
        var errors = new List<FieldError>();
        foreach (var (name, value) in input)
        {
            if (Field(name) is not null) continue;
            var reason = InventedFields.Contains(name)
                ? $"does not exist on {Id} (the original README invented it); its fields are {FieldList}"
                : $"is not a field of {DisplayName} ({Id}); its fields are {FieldList}";
            errors.Add(new FieldError(name, reason, value?.ToJsonString()));
        }
        foreach (var field in Fields)
        {
            if (!includePrompt && field.Name == "prompt") continue;
            var value = input[field.Name];
            if (field.Check(value) is { } problem) errors.Add(new FieldError(field.Name, problem, Display(value)));
        }
        return errors;
    }

    /// <summary>A copy of <paramref name="input"/> (nulls dropped) with fal's defaults added for the fields the price depends on.</summary>
    public JsonObject WithCostDefaults(JsonObject input)
    {
        var result = new JsonObject();
        foreach (var (name, value) in input)
        {
            if (value is not null) result[name] = value.DeepClone();
        }
        foreach (var name in Price.CostFields)
        {
            if (result[name] is null && Field(name)?.Default is { } fallback) result[name] = fallback.DeepClone();
        }
        return result;
    }

    /// <summary>The estimated cost in USD of one request (defaults filled in for the price fields), or null when unknown.</summary>
    public decimal? EstimateCost(JsonObject input) => Price.Estimate(WithCostDefaults(input));

    private static string? Display(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
