using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Jobs;

/// <summary>
/// The runner's live knobs and why it is (not) dispatching: user pause, a provider pause (key rejected, fal failing),
/// concurrency and submit rate. Shared by the runner, the API, the Settings page and the health endpoint.
/// </summary>
public sealed class RunnerState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunnerState(IOptions<JobOptions> options, TimeProvider time)
    {
        _time = time;
        MaxConcurrency = options.Value.MaxConcurrency;
        SubmitsPerMinute = options.Value.SubmitsPerMinute;
        DailyBudget = options.Value.DailyBudget;
    }

    public int MaxConcurrency { get; private set; }
    public int SubmitsPerMinute { get; private set; }
    public decimal? DailyBudget { get; private set; }

    /// <summary>Paused by the user from the UI or API.</summary>
    public bool PausedByUser { get; private set; }

    /// <summary>Paused because the provider cannot take work (key rejected, circuit open); null when it can.</summary>
    public JobError? ProviderPause { get; private set; }

    /// <summary>When a provider pause lifts by itself (circuit breaker); null = until the user resumes.</summary>
    public DateTimeOffset? ProviderPauseUntil { get; private set; }

    /// <summary>Set while the daily budget holds every job back; null otherwise.</summary>
    public JobError? BudgetReached { get; private set; }

    public bool IsDispatching => !PausedByUser && ProviderPause is null;

    internal void SetBudgetReached(JobError? reason)
    {
        bool changed;
        lock (_lock)
        {
            changed = reason?.Message != BudgetReached?.Message;
            BudgetReached = reason;
        }
        if (changed) Changed?.Invoke();
    }

    /// <summary>Raised after any change (from any thread).</summary>
    public event Action? Changed;

    public void Configure(int? maxConcurrency = null, int? submitsPerMinute = null, decimal? dailyBudget = null, bool clearDailyBudget = false)
    {
        lock (_lock)
        {
            if (maxConcurrency is { } max) MaxConcurrency = Math.Clamp(max, 1, 64);
            if (submitsPerMinute is { } rate) SubmitsPerMinute = Math.Clamp(rate, 0, 6000);
            if (dailyBudget is { } budget) DailyBudget = budget;
            if (clearDailyBudget) DailyBudget = null;
        }
        Signal();
    }

    public void PauseByUser() { lock (_lock) { PausedByUser = true; } Signal(); }

    /// <summary>Resumes dispatch, clearing a user pause and any provider pause.</summary>
    public void Resume()
    {
        lock (_lock) { PausedByUser = false; ProviderPause = null; ProviderPauseUntil = null; }
        Signal();
    }

    public void PauseForProvider(JobError reason, DateTimeOffset? until = null)
    {
        lock (_lock) { ProviderPause = reason; ProviderPauseUntil = until; }
        Signal();
    }

    /// <summary>Lifts a timed provider pause whose time has come. Returns true if it lifted.</summary>
    public bool LiftExpiredProviderPause()
    {
        lock (_lock)
        {
            if (ProviderPause is null || ProviderPauseUntil is not { } until || _time.GetUtcNow() < until) return false;
            ProviderPause = null;
            ProviderPauseUntil = null;
        }
        Signal();
        return true;
    }

    /// <summary>Wakes the dispatch loop (new job, resume, a slot freed).</summary>
    public void Signal()
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            wake = _wake;
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
        Changed?.Invoke();
    }

    /// <summary>Completes at the next <see cref="Signal"/>.</summary>
    internal Task WaitForSignalAsync()
    {
        lock (_lock) { return _wake.Task; }
    }
}
