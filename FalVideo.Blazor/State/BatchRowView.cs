using FalVideo.Core.Domain;
using FalVideo.Core.Generation;

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
    /// <param name="newJobsFree">True when waiting rows will go to the free offline renderer (their model price does not apply).</param>
    public static BatchRowView From(VideoJob job, bool newJobsFree)
    {
        var (cost, isEstimate) = CostOf(job.Provider, job.ActualCost, job.EstimatedCost, newJobsFree);
        return new(job.Id, job.RowNumber ?? 0, job.LineNumber, Shorten(job.Prompt), job.Status, job.Progress, job.QueuePosition,
            job.ErrorType, job.ErrorMessage, job.Status == JobStatus.Completed && job.VideoPath is not null, cost, isEstimate);
    }

    public BatchRowView With(FalVideo.Core.Jobs.JobView job, bool newJobsFree)
    {
        var (cost, isEstimate) = CostOf(job.Provider, job.ActualCost, job.EstimatedCost, newJobsFree);
        return this with
        {
            Status = job.Status,
            Progress = job.Progress,
            QueuePosition = job.QueuePosition,
            ErrorType = job.Error?.Type,
            ErrorMessage = job.Error?.Message,
            HasVideo = job.HasVideo,
            Cost = cost,
            CostIsEstimate = isEstimate,
        };
    }

    private static (decimal? Cost, bool IsEstimate) CostOf(string? provider, decimal? actual, decimal? estimate, bool newJobsFree) =>
        provider == GeneratorRegistry.Offline || provider is null && newJobsFree ? (0m, false) : (actual ?? estimate, actual is null);

    private static string Shorten(string prompt) => prompt.Length <= 300 ? prompt : prompt[..297] + "…";
}
