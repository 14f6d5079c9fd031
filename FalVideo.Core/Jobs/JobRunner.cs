using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Jobs;

/// <summary>
/// Takes pending jobs from the database and runs them through a provider, at most <see cref="RunnerState.MaxConcurrency"/>
/// at a time and at most <see cref="RunnerState.SubmitsPerMinute"/> submits a minute.
/// Money rules: <c>submitting</c> is stored before the provider is called and the request id the moment it exists;
/// at start-up jobs with a request id re-attach, and a paid job left in <c>submitting</c> without one becomes
/// <c>interrupted</c> — never resubmitted by itself.
/// </summary>
public sealed partial class JobRunner(
    JobStore store,
    GeneratorRegistry generators,
    MediaStore media,
    DataPaths paths,
    RunnerState state,
    IEnumerable<IDispatchGate> gates,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Guid, InFlightJob> _inFlight = new();
    private readonly ConcurrentDictionary<Guid, bool> _cancelRequested = new();
    private RateLimiter? _submitLimiter;
    private int _limiterRate = -1;

    /// <summary>Jobs this process is working on right now.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>The most jobs that were ever in flight at once (for tests and the benchmark).</summary>
    public int PeakInFlight { get; private set; }

    private CancellationToken _stoppingToken;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stoppingToken = stoppingToken;
        await RecoverAsync(stoppingToken);
        try
        {
            await DispatchLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Let in-flight jobs see the stop; whatever they had stored stays stored and resumes on the next start.
        await Task.WhenAll(_inFlight.Values.Select(j => j.Task));
    }

    /// <summary>
    /// Cancels a job: a pending one at once; one in flight by asking its provider to cancel (when it has a request id)
    /// and stopping the watch. A job still being submitted is canceled as soon as its request id arrives.
    /// </summary>
    public async Task<JobView> CancelAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await store.GetEntityAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"Job {jobId} does not exist.");
        switch (job.Status)
        {
            case JobStatus.Pending:
                return await store.TransitionAsync(jobId, JobStatus.Canceled, j => SetError(j, new JobError(ErrorTypes.Canceled, "Canceled before it was sent.")), cancellationToken);
            case JobStatus.Submitting when job.RequestId is null:
                _cancelRequested[jobId] = true;
                return job.ToView();
            case var s when s.IsInFlight():
                return await CancelInFlightAsync(job, cancellationToken);
            default:
                throw new IllegalTransitionException(jobId, job.Status, JobStatus.Canceled);
        }
    }

    /// <summary>
    /// True when retrying this job should follow its existing provider request rather than submit (and pay for) a new one:
    /// it was interrupted after the provider accepted it, or the provider finished it and only our download failed — and
    /// the provider can still be asked about it.
    /// </summary>
    public bool CanReattach(VideoJob job) =>
        (job.Status == JobStatus.Interrupted || job.Status == JobStatus.Failed && job.ErrorType == ErrorTypes.Download)
        && job.RequestId is not null && job.Provider is not null
        && generators.Has(job.Provider) && generators.Get(job.Provider).CanReattach;

    /// <summary>Follows an interrupted or download-failed job's existing request again (status → result → download).</summary>
    public async Task<JobView> ReattachAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await store.GetEntityAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"Job {jobId} does not exist.");
        if (!CanReattach(job)) throw new IllegalTransitionException(jobId, job.Status, JobStatus.Queued);
        var was = job.Status.ToWire();
        var view = await store.TransitionAsync(jobId, JobStatus.Queued, j =>
        {
            j.ErrorType = j.ErrorMessage = j.ErrorFieldsJson = null;
            j.CompletedAt = null;
            store.AppendLogs(j, [$"Re-attached to request {j.RequestId} (no new submit)."]);
        }, cancellationToken);
        job.Status = JobStatus.Queued;
        LogResuming(job.Id, job.RequestId!, was);
        Start(job, resume: true, _stoppingToken);
        return view;
    }

    private async Task<JobView> CancelInFlightAsync(VideoJob job, CancellationToken cancellationToken)
    {
        // Mark first: a provider that stops the watch on cancel must not make the job look failed.
        _cancelRequested[job.Id] = true;
        var outcome = CancelOutcome.CancellationRequested;
        if (job.RequestId is not null && job.Provider is not null && generators.Has(job.Provider))
        {
            outcome = await generators.Get(job.Provider).CancelAsync(new GenerationHandle(job.RequestId, RequestOf(job)), cancellationToken);
        }
        if (outcome == CancelOutcome.AlreadyCompleted)
        {
            // Finished (and billed) before the cancel arrived: keep watching so the result is kept.
            _cancelRequested.TryRemove(job.Id, out _);
            LogCancelTooLate(job.Id, job.RequestId);
            return job.ToView();
        }
        if (_inFlight.TryGetValue(job.Id, out var running)) await running.Cancellation.CancelAsync();
        return await store.TransitionAsync(job.Id, JobStatus.Canceled,
            j => SetError(j, new JobError(ErrorTypes.Canceled, outcome == CancelOutcome.NotFound ? "Canceled (the provider no longer knew the request)." : "Canceled by the user.")),
            cancellationToken);
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        var unfinished = await store.ListByStatusAsync([JobStatus.Submitting, JobStatus.Queued, JobStatus.Running, JobStatus.Downloading], stoppingToken);
        foreach (var job in unfinished)
        {
            if (job.RequestId is null)
            {
                if (job.Provider == GeneratorRegistry.Offline)
                {
                    // The offline renderer costs nothing: render it again.
                    await store.TransitionAsync(job.Id, JobStatus.Pending, cancellationToken: stoppingToken);
                    continue;
                }
                await store.TransitionAsync(job.Id, JobStatus.Interrupted, j => SetError(j, new JobError(ErrorTypes.SubmitOutcomeUnknown,
                    "The app stopped while this job was being submitted, so it may have been billed. Check your fal dashboard before retrying.")), stoppingToken);
                LogInterruptedAtStart(job.Id);
                continue;
            }
            if (job.Provider is null || !generators.Has(job.Provider))
            {
                await store.TransitionAsync(job.Id, JobStatus.Interrupted, j => SetError(j, new JobError(ErrorTypes.Interrupted,
                    $"Its provider '{job.Provider}' is not available now (is the fal key still set?). Request id {job.RequestId} can be checked on fal.")), stoppingToken);
                continue;
            }
            LogResuming(job.Id, job.RequestId, job.Status.ToWire());
            Start(job, resume: true, stoppingToken);
        }
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var signal = state.WaitForSignalAsync();
            state.LiftExpiredProviderPause();
            if (!state.IsDispatching || _inFlight.Count >= state.MaxConcurrency)
            {
                await WaitAsync(signal, state.ProviderPauseUntil is not null ? IdleRecheck : null, stoppingToken);
                continue;
            }

            var canDispatch = await PrepareGatesAsync(stoppingToken);
            if (!await store.HasDispatchablePendingAsync(stoppingToken))
            {
                await WaitAsync(signal, null, stoppingToken);
                continue;
            }

            using var permit = await AcquireSubmitPermitAsync(stoppingToken);
            if (!state.IsDispatching) continue;

            var provider = generators.NewJobProvider; // "fal-ws" when fal runs over WebSocket: stored so a restart knows
            var job = await store.ClaimNextPendingAsync(canDispatch, provider, stoppingToken);
            if (job is null)
            {
                // Pending jobs exist but every one is held back (budget, batch limits): look again later.
                await WaitAsync(signal, IdleRecheck, stoppingToken);
                continue;
            }
            LogSubmitting(job.Id, provider);
            Start(job, resume: false, stoppingToken);
        }
    }

    private async Task<Func<VideoJob, bool>> PrepareGatesAsync(CancellationToken cancellationToken)
    {
        var inFlight = _inFlight.Values.Select(j => j.Job).ToList();
        var checks = new List<Func<VideoJob, bool>>();
        foreach (var gate in gates) checks.Add(await gate.PrepareAsync(inFlight, cancellationToken));
        return job => checks.TrueForAll(check => check(job));
    }

    private async Task WaitAsync(Task signal, TimeSpan? atMost, CancellationToken cancellationToken)
    {
        var waits = new List<Task> { signal, Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken) };
        if (atMost is { } delay) waits.Add(Task.Delay(delay, time, cancellationToken));
        await Task.WhenAny(waits);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task<RateLimitLease> AcquireSubmitPermitAsync(CancellationToken cancellationToken)
    {
        var rate = state.SubmitsPerMinute;
        if (rate != _limiterRate)
        {
            _submitLimiter?.Dispose();
            // One token, refilled every 60/rate seconds: submits are spaced out evenly (the original README's delay between submits).
            _submitLimiter = rate <= 0 ? null : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / rate,
                QueueLimit = 1,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
            _limiterRate = rate;
        }
        return _submitLimiter is null
            ? NoLimitLease.Instance
            : await _submitLimiter.AcquireAsync(1, cancellationToken);
    }

    private void Start(VideoJob job, bool resume, CancellationToken stoppingToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await started.Task;
            try
            {
                await RunAsync(job, resume, cancellation.Token, stoppingToken);
            }
            finally
            {
                _inFlight.TryRemove(job.Id, out _);
                _cancelRequested.TryRemove(job.Id, out _);
                cancellation.Dispose();
                state.Signal();
            }
        }, CancellationToken.None);
        _inFlight[job.Id] = new InFlightJob(job, task, cancellation);
        PeakInFlight = Math.Max(PeakInFlight, _inFlight.Count);
        started.SetResult();
    }

    private async Task RunAsync(VideoJob job, bool resume, CancellationToken jobToken, CancellationToken stoppingToken)
    {
        var request = RequestOf(job);
        try
        {
            var generator = generators.Get(job.Provider ?? generators.NewJobProvider);
            var handle = resume ? new GenerationHandle(job.RequestId!, request) : await SubmitAsync(job, generator, request, stoppingToken);
            if (handle is null) return;
            if (_cancelRequested.ContainsKey(job.Id))
            {
                await CancelInFlightAsync((await store.GetEntityAsync(job.Id, stoppingToken))!, stoppingToken);
                return;
            }

            if (!await WatchAsync(job, generator, handle, jobToken)) return;

            var result = await generator.FetchResultAsync(handle, jobToken);
            await store.TransitionAsync(job.Id, JobStatus.Downloading, j =>
            {
                j.Progress = null;
                if (result.Seed is { } seed) j.Seed = seed;
                if (result.Cost is { } cost) j.ActualCost = cost;
            }, stoppingToken);

            var temp = paths.TempVideoFile(job.Id);
            await generator.DownloadVideoAsync(result, temp, null, jobToken);
            var current = await store.GetEntityAsync(job.Id, stoppingToken) ?? job;
            var stored = await media.StoreAsync(current, temp, result, stoppingToken);
            await store.TransitionAsync(job.Id, JobStatus.Completed, j =>
            {
                j.VideoPath = stored.VideoPath;
                j.PosterPath = stored.PosterPath;
                j.Width = stored.Width;
                j.Height = stored.Height;
                j.DurationSeconds = stored.DurationSeconds;
                j.Codec = stored.Codec;
                j.Progress = 1;
            }, stoppingToken);
            LogCompleted(job.Id, job.RequestId ?? handle.RequestId, stored.Width, stored.Height, stored.DurationSeconds);
        }
        catch (OperationCanceledException) when (jobToken.IsCancellationRequested)
        {
            // Canceled by the user (already stored as canceled) or the app is stopping (the job resumes at next start).
        }
        catch (Exception ex) when (_cancelRequested.ContainsKey(job.Id))
        {
            // The provider stopped because the user canceled; the cancel path stores 'canceled'.
            logger.LogDebug(ex, "Job {JobId} stopped after a cancel request", job.Id);
        }
        catch (ProviderUnavailableException ex)
        {
            // The provider refused the whole queue; this job is not lost: it waits until dispatch resumes.
            LogProviderPause(ex.Error.Message);
            state.PauseForProvider(ex.Error);
            await MoveOrFailAsync(job.Id, JobStatus.Interrupted, ex.Error);
        }
        catch (GenerationException ex)
        {
            var to = EndStatusFor(ex.Error);
            LogJobError(ex, job.Id, to.ToWire(), ex.Error.Type);
            await MoveOrFailAsync(job.Id, to, ex.Error);
        }
        catch (Exception ex)
        {
            LogJobError(ex, job.Id, "failed", ErrorTypes.Internal);
            await MoveOrFailAsync(job.Id, JobStatus.Failed, new JobError(ErrorTypes.Internal, ex.Message));
        }
    }

    /// <summary>Calls the provider once; returns null when the job ended (failed, back to pending, interrupted).</summary>
    private async Task<GenerationHandle?> SubmitAsync(VideoJob job, IVideoGenerator generator, GenerationRequest request, CancellationToken stoppingToken)
    {
        GenerationHandle handle;
        try
        {
            // Not the job's token: once the body is sent, a user cancel must wait for the request id, or the paid request would be orphaned.
            handle = await generator.SubmitAsync(request, stoppingToken);
        }
        catch (ProviderUnavailableException ex)
        {
            // Provably not sent: dispatch pauses with the reason, then the job goes back to the queue — in that order,
            // so whoever sees the job pending again also sees why nothing is dispatched.
            // A rejected key waits for the user; a failing provider (circuit open) is tried again when it may have recovered.
            state.PauseForProvider(ex.Error, ex.Error.Type == ErrorTypes.KeyRejected ? null : time.GetUtcNow() + (ex.RetryAfter ?? TimeSpan.FromSeconds(30)));
            LogProviderPause(ex.Error.Message);
            await store.TransitionAsync(job.Id, JobStatus.Pending, j => j.SubmittedAt = null, CancellationToken.None);
            return null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null; // left in 'submitting': the next start decides (free offline → again; paid → interrupted).
        }
        var view = await store.TransitionAsync(job.Id, JobStatus.Queued, j => j.RequestId = handle.RequestId, CancellationToken.None);
        LogSubmitted(job.Id, handle.RequestId);
        job.RequestId = view.RequestId;
        job.Status = view.Status;
        return handle;
    }

    /// <summary>Follows the provider's updates; true when it completed, false when the job ended otherwise.</summary>
    private async Task<bool> WatchAsync(VideoJob job, IVideoGenerator generator, GenerationHandle handle, CancellationToken jobToken)
    {
        var lastWrite = DateTimeOffset.MinValue;
        var pendingLogs = new List<string>();
        double? pendingProgress = null;
        await foreach (var update in generator.WatchAsync(handle, jobToken))
        {
            switch (update)
            {
                case GenerationUpdate.Queued queued when job.Status is JobStatus.Submitting or JobStatus.Queued:
                    await store.TransitionAsync(job.Id, JobStatus.Queued, j => j.QueuePosition = queued.Position, jobToken);
                    job.Status = JobStatus.Queued;
                    break;
                case GenerationUpdate.Queued:
                    break; // a re-attached job that was already running: never show it going backwards
                case GenerationUpdate.Running running:
                    pendingLogs.AddRange(running.NewLogLines);
                    pendingProgress = running.Progress ?? pendingProgress;
                    var now = time.GetUtcNow();
                    // Progress can arrive per frame; store (and so publish) it a few times a second.
                    if (now - lastWrite >= ProgressWriteInterval || job.Status != JobStatus.Running)
                    {
                        var logs = pendingLogs.ToList();
                        var progress = pendingProgress;
                        await store.TransitionAsync(job.Id, JobStatus.Running, j =>
                        {
                            if (progress is not null) j.Progress = progress;
                            if (logs.Count > 0) store.AppendLogs(j, logs);
                        }, jobToken);
                        job.Status = JobStatus.Running;
                        pendingLogs.Clear();
                        lastWrite = now;
                    }
                    break;
                case GenerationUpdate.Completed:
                    if (pendingLogs.Count > 0) await store.UpdateAsync(job.Id, j => store.AppendLogs(j, pendingLogs), jobToken);
                    return true;
                case GenerationUpdate.Failed when _cancelRequested.ContainsKey(job.Id):
                    return false;
                case GenerationUpdate.Failed failed:
                    await store.TransitionAsync(job.Id, EndStatusFor(failed.Error), j =>
                    {
                        if (pendingLogs.Count > 0) store.AppendLogs(j, pendingLogs);
                        SetError(j, failed.Error);
                    }, CancellationToken.None);
                    LogFailed(job.Id, failed.Error.Type, failed.Error.Message);
                    return false;
            }
        }
        jobToken.ThrowIfCancellationRequested();
        throw new GenerationException(new JobError(ErrorTypes.ConnectionLost, "The provider stopped reporting before the job finished."));
    }

    private async Task MoveOrFailAsync(Guid jobId, JobStatus to, JobError error)
    {
        try
        {
            await store.TransitionAsync(jobId, to, j => SetError(j, error), CancellationToken.None);
        }
        catch (IllegalTransitionException ex)
        {
            // Already ended another way (e.g. canceled while the error was in flight).
            logger.LogDebug(ex, "Job {JobId} already ended", jobId);
        }
    }

    /// <summary>Lost contact or an unknown submit outcome is 'interrupted' (retryable, maybe billed); anything else 'failed'.</summary>
    private static JobStatus EndStatusFor(JobError error) =>
        error.Type is ErrorTypes.SubmitOutcomeUnknown or ErrorTypes.ConnectionLost or ErrorTypes.Interrupted ? JobStatus.Interrupted : JobStatus.Failed;

    internal static GenerationRequest RequestOf(VideoJob job) =>
        new(job.Id, job.ModelId, job.Prompt, JobViewMapper.ParseParameters(job.ParametersJson));

    private static void SetError(VideoJob job, JobError error)
    {
        job.ErrorType = error.Type;
        job.ErrorMessage = error.Message;
        job.ErrorFieldsJson = JobViewMapper.WriteFields(error.Fields);
    }

    public override void Dispose()
    {
        _submitLimiter?.Dispose();
        base.Dispose();
    }

    private sealed record InFlightJob(VideoJob Job, Task Task, CancellationTokenSource Cancellation);

    private sealed class NoLimitLease : RateLimitLease
    {
        public static readonly NoLimitLease Instance = new();
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata) { metadata = null; return false; }
    }

    [LoggerMessage(LogLevel.Information, "Job {JobId} submitting to {Provider}")]
    private partial void LogSubmitting(Guid jobId, string provider);

    [LoggerMessage(LogLevel.Information, "Job {JobId} submitted, request id {RequestId}")]
    private partial void LogSubmitted(Guid jobId, string requestId);

    [LoggerMessage(LogLevel.Information, "Job {JobId} resuming request {RequestId} (was {Status})")]
    private partial void LogResuming(Guid jobId, string requestId, string status);

    [LoggerMessage(LogLevel.Information, "Job {JobId} completed, request id {RequestId}, {Width}x{Height}, {Duration:0.00}s")]
    private partial void LogCompleted(Guid jobId, string? requestId, int width, int height, double duration);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} failed ({ErrorType}): {Message}")]
    private partial void LogFailed(Guid jobId, string errorType, string message);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} ended {Status} ({ErrorType})")]
    private partial void LogJobError(Exception ex, Guid jobId, string status, string errorType);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} was left submitting without a request id: marked interrupted (may have been billed)")]
    private partial void LogInterruptedAtStart(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Dispatch paused: {Reason}")]
    private partial void LogProviderPause(string reason);

    [LoggerMessage(LogLevel.Information, "Cancel of job {JobId} came too late: request {RequestId} already completed; keeping its result")]
    private partial void LogCancelTooLate(Guid jobId, string? requestId);
}
