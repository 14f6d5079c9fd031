using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;

namespace FalVideo.Blazor.State;

/// <summary>An immutable copy of <see cref="RunnerState"/>: whether dispatch runs, why not (user, provider, daily budget), and the live knobs.</summary>
public sealed record RunnerStatus(
    bool PausedByUser,
    JobError? ProviderPause,
    DateTimeOffset? ProviderPauseUntil,
    int MaxConcurrency,
    int SubmitsPerMinute,
    decimal? DailyBudget,
    JobError? BudgetReached)
{
    public bool IsDispatching => !PausedByUser && ProviderPause is null;

    public static RunnerStatus From(RunnerState state) =>
        new(state.PausedByUser, state.ProviderPause, state.ProviderPauseUntil, state.MaxConcurrency, state.SubmitsPerMinute, state.DailyBudget, state.BudgetReached);
}
