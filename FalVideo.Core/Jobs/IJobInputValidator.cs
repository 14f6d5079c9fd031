using System.Text.Json.Nodes;
using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>Checks a prompt and model input before a job is created (the model catalog implements it).</summary>
public interface IJobInputValidator
{
    /// <summary>Returns the problems (empty when valid) and the input to store, with defaults filled in.</summary>
    JobInputCheck Check(string modelId, string prompt, JsonObject parameters);
}

public sealed record JobInputCheck(IReadOnlyList<FieldError> Errors, JsonObject Parameters, decimal? EstimatedCost);
