using FalVideo.Core.Jobs;

namespace FalVideo.Blazor.State;

/// <summary>
/// What a circuit shows, as one immutable value: jobs in flight, the head of the pending queue, recent results,
/// the counters, the jobs a page asked to follow (<see cref="Pinned"/>) and the runner's status.
/// </summary>
public sealed record JobStateSnapshot(
    long Version,
    IReadOnlyList<JobView> InFlight,
    IReadOnlyList<JobView> PendingHead,
    int PendingTotal,
    IReadOnlyList<JobView> Recent,
    DashboardCounters Counters,
    IReadOnlyDictionary<Guid, JobView> Pinned,
    RunnerStatus Runner)
{
    public static JobStateSnapshot Empty(RunnerStatus runner) =>
        new(0, [], [], 0, [], DashboardCounters.Empty, new Dictionary<Guid, JobView>(), runner);

    /// <summary>In-flight jobs, then pending ones in dispatch order.</summary>
    public IEnumerable<JobView> Active => InFlight.Concat(PendingHead);

    /// <summary>Pending jobs not in <see cref="PendingHead"/>.</summary>
    public int PendingNotShown => Math.Max(0, PendingTotal - PendingHead.Count);

    /// <summary>The daily budget gate is holding pending jobs back.</summary>
    public bool BudgetReached => Runner.BudgetReached is not null;

    public JobView? Find(Guid id) =>
        Pinned.GetValueOrDefault(id)
        ?? InFlight.FirstOrDefault(j => j.Id == id)
        ?? PendingHead.FirstOrDefault(j => j.Id == id)
        ?? Recent.FirstOrDefault(j => j.Id == id);
}
