using System.Text.Json.Nodes;

namespace FalVideo.Core.Batches;

/// <summary>
/// One row of a batch's manifest: a job (any status) or a row rejected at import (<c>status = rejected</c>). <see cref="File"/>
/// is the video's name in the ZIP, when the row finished; <see cref="Cost"/> is the actual cost, else the estimate for a
/// job that reached the provider (<see cref="CostIsEstimate"/>).
/// </summary>
public sealed record ManifestEntry(
    int Row,
    int? Line,
    string Prompt,
    string? Model,
    JsonObject Parameters,
    string Status,
    string? Error,
    string? RequestId,
    long? Seed,
    string? File,
    double? DurationSeconds,
    decimal? Cost,
    bool CostIsEstimate);
