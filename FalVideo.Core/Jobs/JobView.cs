using System.Text.Json.Nodes;
using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>An immutable snapshot of a job: what the API returns, what the hub publishes and what components render.</summary>
public sealed record JobView(
    Guid Id,
    Guid? BatchId,
    int? RowNumber,
    JobStatus Status,
    string Prompt,
    string Model,
    JsonObject Parameters,
    string? Provider,
    string? RequestId,
    int? QueuePosition,
    double? Progress,
    IReadOnlyList<string> Logs,
    int Attempts,
    JobErrorView? Error,
    int? Width,
    int? Height,
    double? DurationSeconds,
    string? Codec,
    long? Seed,
    decimal? EstimatedCost,
    decimal? ActualCost,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset UpdatedAt,
    bool HasVideo,
    bool HasPoster,
    IReadOnlyList<AttemptView> PreviousAttempts)
{
    public string? LatestLog => Logs.Count > 0 ? Logs[^1] : null;
}
