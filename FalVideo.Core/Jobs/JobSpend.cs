using System.Linq.Expressions;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;

namespace FalVideo.Core.Jobs;

/// <summary>
/// What counts as money, in one place: the daily budget, batch caps, the dashboard and the batch summaries all ask here.
/// </summary>
public sealed class JobSpend(GeneratorRegistry generators)
{
    /// <summary>
    /// A job that reached the paid provider and was not refused or canceled: in flight (its estimate is reserved), ended
    /// or interrupted ("may have been billed"), and also failed after fal finished the work — a lost download or an
    /// expired result was still paid for. The offline renderer costs nothing, whatever the model's price says.
    /// </summary>
    public static readonly Expression<Func<VideoJob, bool>> Billed = j =>
        j.SubmittedAt != null && j.Provider != GeneratorRegistry.Offline && j.Status != JobStatus.Canceled
        && (j.Status != JobStatus.Failed || j.ErrorType == ErrorTypes.Download || j.ErrorType == ErrorTypes.ResultExpired);

    private static readonly Func<VideoJob, bool> IsBilledCompiled = Billed.Compile();

    /// <summary>The cost a job counts for (actual where fal reported it, else the estimate), or null when it costs nothing.</summary>
    public static decimal? CostOf(VideoJob job) => IsBilledCompiled(job) ? job.ActualCost ?? job.EstimatedCost : null;

    /// <summary>True when jobs dispatched now go to the free offline renderer.</summary>
    public bool NewJobsAreFree => generators.NewJobProvider == GeneratorRegistry.Offline;

    /// <summary>What dispatching this pending job now would add to the spend.</summary>
    public decimal CostIfDispatchedNow(VideoJob job) => NewJobsAreFree ? 0m : job.EstimatedCost ?? 0m;
}
