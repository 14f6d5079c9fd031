using FalVideo.Core.Domain;

namespace FalVideo.Blazor.State;

/// <summary>One row of a running batch as the live list shows it (small: a 10,000-row batch stays a few MB per circuit).</summary>
public sealed record BatchRowView(
    Guid JobId,
    int Row,
    int? Line,
    string Prompt,
    JobStatus Status,
    double? Progress,
    int? QueuePosition,
    string? ErrorType,
    string? ErrorMessage,
    bool HasVideo,
    decimal? Cost,
    bool CostIsEstimate)
{
    public static BatchRowView From(VideoJob job) => new(job.Id, job.RowNumber ?? 0, job.LineNumber, Shorten(job.Prompt), job.Status, job.Progress,
        job.QueuePosition, job.ErrorType, job.ErrorMessage, job.Status == JobStatus.Completed && job.VideoPath is not null, job.ActualCost ?? job.EstimatedCost,
        job.ActualCost is null);

    public BatchRowView With(FalVideo.Core.Jobs.JobView job) => this with
    {
        Status = job.Status,
        Progress = job.Progress,
        QueuePosition = job.QueuePosition,
        ErrorType = job.Error?.Type,
        ErrorMessage = job.Error?.Message,
        HasVideo = job.HasVideo,
        Cost = job.ActualCost ?? job.EstimatedCost,
        CostIsEstimate = job.ActualCost is null,
    };

    private static string Shorten(string prompt) => prompt.Length <= 300 ? prompt : prompt[..297] + "…";
}
