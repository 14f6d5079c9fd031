using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>Turns stored rows into immutable <see cref="JobView"/>s (and reads/writes the JSON columns).</summary>
public static class JobViewMapper
{
    public static JobView ToView(this VideoJob job) => new(
        job.Id, job.BatchId, job.RowNumber, job.Status, job.Prompt, job.ModelId,
        ParseParameters(job.ParametersJson), job.Provider, job.RequestId, job.QueuePosition, job.Progress,
        ReadLogs(job.LogLinesJson), job.Attempts, ErrorOf(job.ErrorType, job.ErrorMessage, job.ErrorFieldsJson),
        job.Width, job.Height, job.DurationSeconds, job.Codec, job.Seed, job.EstimatedCost, job.ActualCost,
        job.CreatedAt, job.SubmittedAt, job.StartedAt, job.CompletedAt, job.UpdatedAt,
        HasVideo: job.Status == JobStatus.Completed && job.VideoPath is not null,
        HasPoster: job.PosterPath is not null,
        [.. job.PreviousAttempts.OrderBy(a => a.Number).Select(a => new AttemptView(
            a.Number, a.Status, a.Provider, a.RequestId, ErrorOf(a.ErrorType, a.ErrorMessage, a.ErrorFieldsJson), a.SubmittedAt, a.CompletedAt))]);

    public static JsonObject ParseParameters(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    public static IReadOnlyList<string> ReadLogs(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    public static string WriteLogs(IEnumerable<string> lines) => JsonSerializer.Serialize(lines);

    public static IReadOnlyList<FieldError> ReadFields(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<FieldError>>(json) ?? [];

    public static string? WriteFields(IReadOnlyList<FieldError>? fields) =>
        fields is { Count: > 0 } ? JsonSerializer.Serialize(fields) : null;

    private static JobErrorView? ErrorOf(string? type, string? message, string? fieldsJson) =>
        type is null && message is null ? null : new JobErrorView(type ?? ErrorTypes.Internal, message ?? "", ReadFields(fieldsJson));
}
