using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;

namespace FalVideo.Core.Batches;

/// <summary>
/// Enforces each running batch's own limits before the runner claims one of its jobs: at most
/// <see cref="Batch.MaxConcurrency"/> in flight, at least <see cref="Batch.SubmitDelaySeconds"/> since its last submit,
/// and no job whose estimate would take its spend past <see cref="Batch.BudgetCap"/>. A held job stays pending; the runner
/// looks again when a job ends or after its idle recheck (2 s), so a delay is honoured to within that.
/// </summary>
public sealed class BatchDispatchGate(BatchStore batches, JobStore jobs, JobSpend spend, TimeProvider time) : IDispatchGate
{
    public async Task<Func<VideoJob, bool>> PrepareAsync(IReadOnlyCollection<VideoJob> inFlight, CancellationToken cancellationToken = default)
    {
        var limited = await batches.ListLimitedRunningAsync(cancellationToken);
        if (limited.Count == 0) return _ => true;

        var now = time.GetUtcNow();
        var rules = new Dictionary<Guid, Func<VideoJob, bool>>();
        foreach (var batch in limited)
        {
            var slotFree = batch.MaxConcurrency is not { } max || inFlight.Count(j => j.BatchId == batch.Id) < max;
            var delayOver = true;
            if (batch.SubmitDelaySeconds is { } delay && delay > 0 && await batches.LastSubmittedAtAsync(batch.Id, cancellationToken) is { } last)
            {
                delayOver = now - last >= TimeSpan.FromSeconds(delay);
            }
            if (batch.BudgetCap is { } cap)
            {
                // Spend already counts jobs in flight (their estimate until the actual cost is known).
                var spent = await jobs.SpendAsync(new JobQuery { BatchId = batch.Id }, cancellationToken);
                rules[batch.Id] = job => slotFree && delayOver && spent + spend.CostIfDispatchedNow(job) <= cap;
            }
            else
            {
                rules[batch.Id] = _ => slotFree && delayOver;
            }
        }
        return job => job.BatchId is not { } id || !rules.TryGetValue(id, out var rule) || rule(job);
    }
}
