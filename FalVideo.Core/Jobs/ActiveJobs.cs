namespace FalVideo.Core.Jobs;

/// <summary>Jobs in flight (all of them) plus the head of the pending queue, and how many are pending in all.</summary>
public sealed record ActiveJobs(IReadOnlyList<JobView> InFlight, IReadOnlyList<JobView> PendingHead, int PendingTotal);
