using System.Text.Json.Nodes;
using FalVideo.Core.Domain;

namespace FalVideo.Core.Catalog;

/// <summary>The text-to-video models FalVideo supports (fal-protocol.md §7), looked up by fal endpoint id.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelDefinition> _byId;

    public ModelCatalog(IEnumerable<ModelDefinition> models)
    {
        Models = [.. models];
        _byId = Models.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>The six endpoints of fal-protocol.md §7, Wan 2.1 1.3B (the default) first.</summary>
    public static ModelCatalog Default { get; } = new(FalModels.All);

    public IReadOnlyList<ModelDefinition> Models { get; }

    public bool TryGet(string modelId, out ModelDefinition model) => _byId.TryGetValue(modelId, out model!);

    public ModelDefinition Get(string modelId) =>
        TryGet(modelId, out var model) ? model : throw new KeyNotFoundException(UnknownModelMessage(modelId));

    /// <summary>Checks a model input (prompt included unless <paramref name="includePrompt"/> is false); an unknown model is one error on <c>model</c>.</summary>
    public IReadOnlyList<FieldError> Validate(string modelId, JsonObject input, bool includePrompt = true) =>
        TryGet(modelId, out var model)
            ? model.Validate(input, includePrompt)
            : [new FieldError("model", UnknownModelMessage(modelId), modelId)];

    private string UnknownModelMessage(string modelId) =>
        $"'{modelId}' is not a supported model; use one of {string.Join(", ", Models.Select(m => m.Id))}";
}
