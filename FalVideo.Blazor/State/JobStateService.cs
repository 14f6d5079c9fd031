using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;

namespace FalVideo.Blazor.State;

/// <summary>
/// One per circuit (scoped). Rebuilds its picture of the jobs from the database when it starts, then follows the
/// <see cref="JobUpdateHub"/>: a pump drains this circuit's newest-wins channel and publishes a new immutable
/// <see cref="Snapshot"/> at most about four times a second (<see cref="RenderInterval"/>, on <see cref="TimeProvider"/>).
/// A status change reloads the lists and counters from the store (the truth); progress and log lines are patched in.
/// Components read <see cref="Snapshot"/>, subscribe to <see cref="Changed"/> (raised off the renderer's thread:
/// use <c>InvokeAsync</c>) and call the commands here; disposing unsubscribes from the hub.
/// </summary>
public sealed partial class JobStateService : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);
    public const int PendingShown = 20;
    public const int RecentShown = 12;

    private readonly JobStore _store;
    private readonly JobUpdateHub _hub;
    private readonly JobCommands _commands;
    private readonly RunnerState _runner;
    private readonly JobOverviewQueries _queries;
    private readonly RuntimeSettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<JobStateService> _logger;

    private readonly CancellationTokenSource _stopping = new();
    // Guards the working state while a flush or a pin reads the store and builds the next snapshot.
    private readonly SemaphoreSlim _mutate = new(1, 1);
    private readonly ConcurrentDictionary<Guid, int> _pinCounts = new();
    private JobStateSnapshot _snapshot;
    private JobUpdateSubscription? _subscription;
    private Task? _started;
    private Task? _pump;
    private TaskCompletionSource _nudge = NewNudge();
    private DateTimeOffset? _lastFlush;
    private int _disposed;

    public JobStateService(
        JobStore store,
        JobUpdateHub hub,
        JobCommands commands,
        RunnerState runner,
        JobOverviewQueries queries,
        RuntimeSettingsStore settings,
        AppEnvironment environment,
        ModelCatalog models,
        DefaultModel defaultModel,
        TimeProvider time,
        ILogger<JobStateService> logger)
    {
        _store = store;
        _hub = hub;
        _commands = commands;
        _runner = runner;
        _queries = queries;
        _settings = settings;
        _time = time;
        _logger = logger;
        Environment = environment;
        Models = models;
        DefaultModelId = defaultModel.Id;
        _snapshot = JobStateSnapshot.Empty(RunnerStatus.From(runner));
    }

    /// <summary>The latest published picture. Never mutated; a new one replaces it.</summary>
    public JobStateSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True once the first snapshot has been loaded from the database.</summary>
    public bool IsLoaded => Snapshot.Version > 0;

    /// <summary>Provider, transport, ffmpeg, data directory, login — for the app bar and Settings.</summary>
    public AppEnvironment Environment { get; }

    /// <summary>The supported models: fields, defaults, ranges, prices (the Generate form is built from it).</summary>
    public ModelCatalog Models { get; }

    /// <summary>The model a new job uses unless the user picks another.</summary>
    public string DefaultModelId { get; }

    /// <summary>The app's clock (elapsed times, ETAs, "today").</summary>
    public TimeProvider Clock => _time;

    /// <summary>A new <see cref="Snapshot"/> was published. Raised on a background thread.</summary>
    public event Action? Changed;

    /// <summary>A job this circuit saw in flight has completed, failed or been interrupted. Raised on a background thread.</summary>
    public event Action<JobEndedNotice>? JobEnded;

    /// <summary>Subscribes, loads the first snapshot from the store and starts the pump. Safe to call from every component.</summary>
    public Task StartAsync() => _started ??= StartCoreAsync();

    private async Task StartCoreAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        // Subscribe before reading the store, so nothing written in between is missed.
        _subscription = _hub.Subscribe();
        _runner.Changed += OnRunnerChanged;
        var token = _stopping.Token;
        await _mutate.WaitAsync(token);
        try
        {
            await PublishReloadedAsync(Snapshot, token);
        }
        finally
        {
            _mutate.Release();
        }
        _pump = Task.Run(() => PumpAsync(_subscription, token), CancellationToken.None);
        Changed?.Invoke();
    }

    /// <summary>Follows one job closely (job page): it stays in <see cref="JobStateSnapshot.Pinned"/> until <see cref="Unpin"/>.</summary>
    public async Task<JobView?> PinAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await StartAsync();
        _pinCounts.AddOrUpdate(jobId, 1, (_, count) => count + 1);
        await _mutate.WaitAsync(cancellationToken);
        JobView? job;
        try
        {
            job = await _store.GetAsync(jobId, cancellationToken);
            var current = Snapshot;
            var pinned = new Dictionary<Guid, JobView>(current.Pinned);
            if (job is null) pinned.Remove(jobId);
            else pinned[jobId] = job;
            Publish(current with { Version = current.Version + 1, Pinned = pinned });
        }
        finally
        {
            _mutate.Release();
        }
        Changed?.Invoke();
        return job;
    }

    public void Unpin(Guid jobId)
    {
        while (_pinCounts.TryGetValue(jobId, out var count))
        {
            if (count <= 1 ? _pinCounts.TryRemove(new KeyValuePair<Guid, int>(jobId, count)) : _pinCounts.TryUpdate(jobId, count - 1, count)) return;
        }
    }

    // ---- Commands (the same ones the HTTP API uses) ----

    /// <summary>Creates a job; it shows in the active list with the next snapshot. Throws <see cref="JobInputException"/> naming bad fields.</summary>
    public Task<JobView> SubmitAsync(string? prompt, string? modelId, JsonObject? parameters, CancellationToken cancellationToken = default) =>
        _commands.SubmitAsync(prompt, modelId, parameters, cancellationToken);

    public Task<JobView> CancelAsync(Guid jobId, CancellationToken cancellationToken = default) => _commands.CancelAsync(jobId, cancellationToken);

    public Task<JobView> RetryAsync(Guid jobId, CancellationToken cancellationToken = default) => _commands.RetryAsync(jobId, cancellationToken);

    public Task<bool> DeleteAsync(Guid jobId, CancellationToken cancellationToken = default) => _commands.DeleteAsync(jobId, cancellationToken);

    /// <summary>Stops sending new jobs (in-flight ones finish); the page shows it at once.</summary>
    public Task PauseDispatchAsync()
    {
        _runner.PauseByUser();
        return PublishRunnerStatusAsync();
    }

    /// <summary>Clears a user or provider pause; the page shows it at once.</summary>
    public Task ResumeDispatchAsync()
    {
        _runner.Resume();
        return PublishRunnerStatusAsync();
    }

    // ---- Queries ----

    public Task<JobView?> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => _store.GetAsync(jobId, cancellationToken);

    /// <summary>One page of the history (gallery): filters and sort run in the database.</summary>
    public Task<PagedResult<JobView>> QueryAsync(JobQuery query, CancellationToken cancellationToken = default) => _store.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<BatchOption>> BatchesAsync(CancellationToken cancellationToken = default) => _queries.BatchesAsync(cancellationToken: cancellationToken);

    public Task<IReadOnlyList<string>> ModelsUsedAsync(CancellationToken cancellationToken = default) => _queries.ModelsUsedAsync(cancellationToken);

    // ---- Settings ----

    public RuntimeSettings Settings => _settings.Current;

    /// <summary>Applies at once and persists. Throws <see cref="ArgumentException"/> when a value is out of range (see <see cref="RuntimeSettings.Validate"/>).</summary>
    public async Task SaveSettingsAsync(RuntimeSettings settings, CancellationToken cancellationToken = default)
    {
        await _settings.SaveAsync(settings, cancellationToken);
        await PublishRunnerStatusAsync(cancellationToken);
    }

    /// <summary>The user's own change to the runner is shown without waiting for the render interval.</summary>
    private async Task PublishRunnerStatusAsync(CancellationToken cancellationToken = default)
    {
        await _mutate.WaitAsync(cancellationToken);
        try
        {
            var current = Snapshot;
            var runner = RunnerStatus.From(_runner);
            if (runner == current.Runner) return;
            Publish(current with { Version = current.Version + 1, Runner = runner });
        }
        finally
        {
            _mutate.Release();
        }
        Changed?.Invoke();
    }

    // ---- The pump ----

    private async Task PumpAsync(JobUpdateSubscription subscription, CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        // One outstanding wait on the channel at a time, kept across wake-ups by the runner nudge.
        Task<bool>? updateArrived = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                updateArrived ??= reader.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(updateArrived, Volatile.Read(ref _nudge).Task);
                if (updateArrived.IsCompleted)
                {
                    var open = await updateArrived;
                    updateArrived = null;
                    if (!open) return; // the subscription was disposed
                }
                // Coalesce: at most one snapshot per RenderInterval; whatever arrives meanwhile joins this one.
                if (_lastFlush is { } last && last + RenderInterval - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero)
                    await Task.Delay(wait, _time, cancellationToken);
                await FlushAsync(reader, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store may be briefly unavailable; keep the circuit alive and try again with the next update.
                LogFlushFailed(ex);
            }
        }
    }

    private async Task FlushAsync(System.Threading.Channels.ChannelReader<JobUpdate> reader, CancellationToken cancellationToken)
    {
        _lastFlush = _time.GetUtcNow();
        Interlocked.Exchange(ref _nudge, NewNudge());
        var updates = new Dictionary<Guid, JobUpdate>();
        while (reader.TryRead(out var update)) updates[update.JobId] = update; // later updates win

        var ended = new List<JobView>();
        await _mutate.WaitAsync(cancellationToken);
        try
        {
            var before = Snapshot;
            var runner = RunnerStatus.From(_runner);
            if (updates.Count == 0 && runner == before.Runner) return;

            foreach (var update in updates.Values)
            {
                if (update.Job is { } job && job.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Interrupted
                    && before.Find(job.Id) is { } seen && !seen.Status.IsTerminal())
                {
                    ended.Add(job);
                }
            }

            if (updates.Values.Any(u => IsStructural(u, before)))
            {
                await PublishReloadedAsync(before with { Runner = runner }, cancellationToken, updates);
            }
            else
            {
                Publish(before with
                {
                    Version = before.Version + 1,
                    InFlight = Patch(before.InFlight, updates),
                    PendingHead = Patch(before.PendingHead, updates),
                    Recent = Patch(before.Recent, updates),
                    Pinned = await PinnedAsync(before.Pinned, updates, reloadChanged: false, cancellationToken),
                    Runner = runner,
                });
            }
        }
        finally
        {
            _mutate.Release();
        }

        Changed?.Invoke();
        if (ended.Count > 0) await RaiseEndedAsync(ended, cancellationToken);
    }

    /// <summary>A new, gone or moved job changes lists and counters: those come from the store.</summary>
    private static bool IsStructural(JobUpdate update, JobStateSnapshot before)
    {
        if (update.Job is null) return true;
        var known = before.InFlight.FirstOrDefault(j => j.Id == update.JobId) ?? before.PendingHead.FirstOrDefault(j => j.Id == update.JobId);
        return known is null || known.Status != update.Job.Status;
    }

    private async Task PublishReloadedAsync(JobStateSnapshot before, CancellationToken cancellationToken, IReadOnlyDictionary<Guid, JobUpdate>? updates = null)
    {
        var active = await _queries.ActiveAsync(PendingShown, cancellationToken);
        var recent = await _queries.RecentCompletedAsync(RecentShown, cancellationToken);
        var counters = await _queries.CountersAsync(cancellationToken);
        var pinned = await PinnedAsync(before.Pinned, updates ?? new Dictionary<Guid, JobUpdate>(), reloadChanged: true, cancellationToken);
        Publish(before with
        {
            Version = before.Version + 1,
            InFlight = active.InFlight,
            PendingHead = active.PendingHead,
            PendingTotal = active.PendingTotal,
            Recent = recent,
            Counters = counters,
            Pinned = pinned,
            Runner = RunnerStatus.From(_runner),
        });
    }

    /// <summary>
    /// Pinned jobs: dropped when unpinned or deleted; a status change reloads the job (with its attempts);
    /// a progress update is patched in.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, JobView>> PinnedAsync(
        IReadOnlyDictionary<Guid, JobView> before, IReadOnlyDictionary<Guid, JobUpdate> updates, bool reloadChanged, CancellationToken cancellationToken)
    {
        var pinned = new Dictionary<Guid, JobView>();
        foreach (var (id, job) in before)
        {
            if (!_pinCounts.ContainsKey(id)) continue;
            if (!updates.TryGetValue(id, out var update))
            {
                pinned[id] = job;
                continue;
            }
            if (update.Job is null) continue; // deleted
            if (reloadChanged && update.Job.Status != job.Status)
            {
                if (await _store.GetAsync(id, cancellationToken) is { } fresh) pinned[id] = fresh;
                continue;
            }
            pinned[id] = Newer(job, update.Job);
        }
        return pinned;
    }

    private static IReadOnlyList<JobView> Patch(IReadOnlyList<JobView> jobs, IReadOnlyDictionary<Guid, JobUpdate> updates)
    {
        if (!jobs.Any(j => updates.ContainsKey(j.Id))) return jobs;
        return [.. jobs.Select(j => updates.TryGetValue(j.Id, out var u) && u.Job is { } fresh ? Newer(j, fresh) : j)];
    }

    /// <summary>The newer of two views of a job; a reload may already hold a newer state than a queued update.</summary>
    private static JobView Newer(JobView current, JobView candidate)
    {
        if (candidate.UpdatedAt < current.UpdatedAt) return current;
        // Some writes publish without the attempt history; keep the one we have.
        return candidate.PreviousAttempts.Count == 0 && current.PreviousAttempts.Count > 0
            ? candidate with { PreviousAttempts = current.PreviousAttempts }
            : candidate;
    }

    private async Task RaiseEndedAsync(List<JobView> ended, CancellationToken cancellationToken)
    {
        var finishedBatches = new Dictionary<Guid, BatchProgress?>();
        foreach (var job in ended)
        {
            BatchProgress? batch = null;
            if (job.BatchId is { } batchId)
            {
                if (!finishedBatches.TryGetValue(batchId, out batch))
                {
                    var progress = await _queries.BatchProgressAsync(batchId, cancellationToken);
                    batch = progress is { IsFinished: true } ? progress : null;
                    finishedBatches[batchId] = batch;
                }
                else
                {
                    batch = null; // announce a finished batch once
                }
            }
            JobEnded?.Invoke(new JobEndedNotice(job, batch));
        }
    }

    private void Publish(JobStateSnapshot snapshot) => Volatile.Write(ref _snapshot, snapshot);

    private void OnRunnerChanged()
    {
        // RunnerState signals on every dispatch; only a change the page shows is worth a snapshot.
        if (RunnerStatus.From(_runner) != Snapshot.Runner) Volatile.Read(ref _nudge).TrySetResult();
    }

    private static TaskCompletionSource NewNudge() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _runner.Changed -= OnRunnerChanged;
        _stopping.Cancel();
        _subscription?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_pump is not null) await _pump.ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Could not refresh the job list for this page; will retry on the next update")]
    private partial void LogFlushFailed(Exception ex);
}
