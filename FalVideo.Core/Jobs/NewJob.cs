using System.Text.Json.Nodes;

namespace FalVideo.Core.Jobs;

/// <summary>A job to create: prompt and model input (without the prompt), optionally as a row of a batch.</summary>
public sealed record NewJob(
    string Prompt,
    string ModelId,
    JsonObject? Parameters = null,
    Guid? BatchId = null,
    int? RowNumber = null,
    int? LineNumber = null,
    decimal? EstimatedCost = null);
