using System.Text.Json.Nodes;

namespace FalVideo.Core.Generation;

/// <summary>What to generate: the model's input is <see cref="Parameters"/> plus the prompt, sent bare to the provider.</summary>
public sealed record GenerationRequest(Guid JobId, string ModelId, string Prompt, JsonObject Parameters)
{
    /// <summary>The provider input: parameters with <c>prompt</c> set.</summary>
    public JsonObject ToInput()
    {
        var input = (JsonObject)Parameters.DeepClone();
        input["prompt"] = Prompt;
        return input;
    }
}
