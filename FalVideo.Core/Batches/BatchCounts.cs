using FalVideo.Core.Domain;

namespace FalVideo.Core.Batches;

/// <summary>
/// A batch's jobs by status. <c>submitting</c> counts as queued (handed to the provider) and <c>downloading</c> as
/// running (the video is being copied), so the seven numbers always add up to the batch's jobs.
/// </summary>
public sealed record BatchCounts(int Pending, int Queued, int Running, int Completed, int Failed, int Canceled, int Interrupted)
{
    public int Total => Pending + Queued + Running + Completed + Failed + Canceled + Interrupted;

    /// <summary>Jobs that will not change any more without a user action.</summary>
    public int Finished => Completed + Failed + Canceled + Interrupted;

    public int InFlight => Queued + Running;

    public static BatchCounts From(IReadOnlyDictionary<JobStatus, int> byStatus) => new(
        byStatus.GetValueOrDefault(JobStatus.Pending),
        byStatus.GetValueOrDefault(JobStatus.Submitting) + byStatus.GetValueOrDefault(JobStatus.Queued),
        byStatus.GetValueOrDefault(JobStatus.Running) + byStatus.GetValueOrDefault(JobStatus.Downloading),
        byStatus.GetValueOrDefault(JobStatus.Completed),
        byStatus.GetValueOrDefault(JobStatus.Failed),
        byStatus.GetValueOrDefault(JobStatus.Canceled),
        byStatus.GetValueOrDefault(JobStatus.Interrupted));
}
