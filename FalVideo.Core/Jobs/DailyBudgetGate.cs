using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>
/// Holds every pending job back once today's spend (UTC day; actual cost where known, else the estimate) plus the
/// estimates of jobs in flight reaches <see cref="RunnerState.DailyBudget"/>, and tells the UI why.
/// </summary>
public sealed class DailyBudgetGate(JobStore store, RunnerState state, JobSpend spend, TimeProvider time) : IDispatchGate
{
    public async Task<Func<VideoJob, bool>> PrepareAsync(IReadOnlyCollection<VideoJob> inFlight, CancellationToken cancellationToken = default)
    {
        // Free offline renders are never held back by a budget (a budget of 0 would otherwise stop them all).
        if (state.DailyBudget is not { } budget || spend.NewJobsAreFree)
        {
            state.SetBudgetReached(null);
            return _ => true;
        }
        var today = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var spent = await store.SpendAsync(new JobQuery { From = today }, cancellationToken);
        var reached = spent >= budget;
        state.SetBudgetReached(reached
            ? new JobError(ErrorTypes.BudgetReached, $"Today's spend ${spent:0.00} has reached the daily budget of ${budget:0.00}. Raise the budget in Settings to continue.")
            : null);
        // A job whose estimate would cross the cap waits too: the cap is a promise, not a suggestion.
        return job => !reached && spent + spend.CostIfDispatchedNow(job) <= budget;
    }
}
