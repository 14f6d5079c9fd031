using System.Runtime.CompilerServices;
using FalVideo.Core.Domain;
using FalVideo.Core.Fal.Serialization;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace FalVideo.Core.Fal;

/// <summary>
/// The "fal" provider over fal's queue API. Submit stores nothing itself (the runner stores the request id at once);
/// everything after submit works from the request id alone, so a restarted app re-attaches (status → result → download).
/// Live progress comes from the SSE status stream; a dropped stream is reconnected, and after repeated drops status is
/// polled every <see cref="FalOptions.PollInterval"/>. A dropped stream never fails a job fal is still running.
/// </summary>
public sealed partial class FalQueueGenerator : IVideoGenerator
{
    /// <summary>fal's <c>error_type</c> for a request canceled by a client.</summary>
    public const string CanceledErrorType = "client_cancelled";

    private readonly FalQueueClient _client;
    private readonly FalMediaDownloader _downloader;
    private readonly IOptionsMonitor<FalOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FalQueueGenerator> _logger;
    private readonly ResiliencePipeline _resultPipeline;

    public FalQueueGenerator(FalQueueClient client, FalMediaDownloader downloader, IOptionsMonitor<FalOptions> options, TimeProvider time, ILogger<FalQueueGenerator> logger)
    {
        _client = client;
        _downloader = downloader;
        _options = options;
        _time = time;
        _logger = logger;
        var current = options.CurrentValue;
        // The HTTP pipeline already retried each call; this covers an unreadable answer or a longer outage, because a
        // finished result is paid for and lives only 6 minutes.
        _resultPipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = current.RetryBaseDelay,
                MaxDelay = current.MaxRetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<FalCallFailedException>(),
            })
            .Build();
    }

    public string Name => GeneratorRegistry.Fal;

    public async Task<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var submitted = await _client.SubmitAsync(request.ModelId, request.ToInput(), cancellationToken);
        return new GenerationHandle(submitted.RequestId!, request);
    }

    public async IAsyncEnumerable<GenerationUpdate> WatchAsync(GenerationHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var endpoint = FalEndpoint.Parse(handle.Request.ModelId);
        var seenLogs = new HashSet<string>(StringComparer.Ordinal);
        var streamDrops = 0;
        DateTimeOffset? failingSince = null;

        while (streamDrops < _options.CurrentValue.StreamFailuresBeforePolling)
        {
            FalQueueStatus? final = null;
            await using (var events = _client.StreamStatusAsync(endpoint, handle.RequestId, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    FalQueueStatus status;
                    try
                    {
                        if (!await events.MoveNextAsync()) break;
                        status = events.Current;
                    }
                    catch (FalCallFailedException ex)
                    {
                        LogStreamDropped(handle.RequestId, ex.Message);
                        break;
                    }
                    failingSince = null;
                    if (status.Status == FalQueueStatus.Completed)
                    {
                        final = status;
                        break;
                    }
                    yield return ToUpdate(status, seenLogs);
                }
            }
            if (final is not null)
            {
                await foreach (var update in FinishAsync(endpoint, handle.RequestId, final, seenLogs, cancellationToken)) yield return update;
                yield break;
            }
            streamDrops++;
        }

        LogPolling(handle.RequestId, streamDrops);
        while (true)
        {
            FalQueueStatus? status = null;
            try
            {
                status = await _client.GetStatusAsync(endpoint, handle.RequestId, cancellationToken);
                failingSince = null;
            }
            catch (FalCallFailedException ex)
            {
                var now = _time.GetUtcNow();
                failingSince ??= now;
                var giveUp = _options.CurrentValue.StatusGiveUpAfter;
                LogPollFailed(handle.RequestId, ex.Message);
                if (now - failingSince >= giveUp)
                    throw new GenerationException(new JobError(ErrorTypes.ConnectionLost,
                        $"Lost contact with fal for {giveUp.TotalMinutes:0.#} min ({ex.Message}). Request {handle.RequestId} may still finish on fal."), ex);
            }
            if (status?.Status == FalQueueStatus.Completed)
            {
                await foreach (var update in FinishAsync(endpoint, handle.RequestId, status, seenLogs, cancellationToken)) yield return update;
                yield break;
            }
            if (status is not null) yield return ToUpdate(status, seenLogs);
            await Task.Delay(_options.CurrentValue.PollInterval, _time, cancellationToken);
        }
    }

    public async Task<GenerationResult> FetchResultAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        var endpoint = FalEndpoint.Parse(handle.Request.ModelId);
        try
        {
            return await _resultPipeline.ExecuteAsync(async token =>
            {
                var response = await _client.GetResultAsync(endpoint, handle.RequestId, expectError: false, token);
                if (!response.IsSuccess) throw new GenerationException(ResultError(response, handle.RequestId));
                return ParseResult(response);
            }, cancellationToken);
        }
        catch (FalCallFailedException ex)
        {
            throw new GenerationException(new JobError(ErrorTypes.ConnectionLost,
                $"fal finished request {handle.RequestId} but its result could not be fetched ({ex.Message}). fal keeps large results only 6 minutes."), ex);
        }
    }

    public Task DownloadVideoAsync(GenerationResult result, string destinationPath, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        _downloader.DownloadAsync(result.VideoUri, destinationPath, result.FileSize, progress, cancellationToken);

    public async Task<CancelOutcome> CancelAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _client.CancelAsync(FalEndpoint.Parse(handle.Request.ModelId), handle.RequestId, cancellationToken);
        }
        catch (FalCallFailedException ex)
        {
            throw new GenerationException(new JobError(ErrorTypes.Provider, $"The cancel could not reach fal ({ex.Message}); try again."), ex);
        }
    }

    /// <summary>fal has no FAILED: COMPLETED with <c>error</c> means failed, and the real reason is in the result.</summary>
    private async IAsyncEnumerable<GenerationUpdate> FinishAsync(FalEndpoint endpoint, string requestId, FalQueueStatus final, HashSet<string> seenLogs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = NewLogLines(final.Logs, seenLogs);
        if (lines.Count > 0) yield return new GenerationUpdate.Running(LogProgressParser.Latest(lines), lines);
        if (final.Error is null)
        {
            yield return new GenerationUpdate.Completed();
            yield break;
        }
        if (final.ErrorType == CanceledErrorType)
        {
            // After our own cancel the runner records "canceled" itself and ignores this; otherwise it was canceled on fal.
            yield return new GenerationUpdate.Failed(new JobError(ErrorTypes.Canceled, $"Canceled on fal (request {requestId})."));
            yield break;
        }
        yield return new GenerationUpdate.Failed(await FailureReasonAsync(endpoint, requestId, final, cancellationToken));
    }

    private async Task<JobError> FailureReasonAsync(FalEndpoint endpoint, string requestId, FalQueueStatus final, CancellationToken cancellationToken)
    {
        var fallback = new JobError(ErrorTypes.Provider, $"fal: {final.Error}{(final.ErrorType is null ? "" : $" ({final.ErrorType})")}");
        try
        {
            var response = await _client.GetResultAsync(endpoint, requestId, expectError: true, cancellationToken);
            return response.IsSuccess ? fallback : ResultError(response, requestId, fallback);
        }
        catch (FalCallFailedException ex)
        {
            LogResultForErrorFailed(requestId, ex.Message);
            return fallback;
        }
    }

    private static JobError ResultError(FalResultResponse response, string requestId, JobError? fallback = null)
    {
        if (response.StatusCode == 404)
            return fallback ?? new JobError(ErrorTypes.ResultExpired,
                $"fal no longer has the result of request {requestId}: results of 10 KB or more are kept only 6 minutes after they finish.");
        return FalErrorMapper.FromResponse(response.StatusCode, response.Body, response.ErrorTypeHeader);
    }

    private static GenerationResult ParseResult(FalResultResponse response) =>
        FalResultParser.TryParse(response.Body)
        ?? throw new FalCallFailedException($"fal's result was not a JSON object: {Snippet(response.Body)}", response.StatusCode);

    private static GenerationUpdate ToUpdate(FalQueueStatus status, HashSet<string> seenLogs)
    {
        if (status.Status == FalQueueStatus.InQueue) return new GenerationUpdate.Queued(status.QueuePosition);
        var lines = NewLogLines(status.Logs, seenLogs);
        return new GenerationUpdate.Running(LogProgressParser.Latest(lines), lines);
    }

    /// <summary>Log lines not reported yet: polls repeat all logs and stream events may too, so each line is reported once.</summary>
    private static List<string> NewLogLines(IReadOnlyList<FalLogEntry>? logs, HashSet<string> seen)
    {
        var lines = new List<string>();
        foreach (var entry in logs ?? [])
        {
            if (string.IsNullOrEmpty(entry.Message)) continue;
            if (!seen.Add($"{entry.Timestamp}\u0001{entry.Level}\u0001{entry.Message}")) continue;
            lines.Add(entry.Level is null or "INFO" or "STDOUT" ? entry.Message : $"[{entry.Level}] {entry.Message}");
        }
        return lines;
    }

    private static string Snippet(string text) => FalResultParser.Snippet(text);

    [LoggerMessage(LogLevel.Information, "Status stream for request {RequestId} dropped: {Reason}")]
    private partial void LogStreamDropped(string requestId, string reason);

    [LoggerMessage(LogLevel.Warning, "Status stream for request {RequestId} failed {Drops} times; polling instead")]
    private partial void LogPolling(string requestId, int drops);

    [LoggerMessage(LogLevel.Warning, "Status poll for request {RequestId} failed: {Reason}")]
    private partial void LogPollFailed(string requestId, string reason);

    [LoggerMessage(LogLevel.Warning, "Could not fetch the error result of request {RequestId}: {Reason}")]
    private partial void LogResultForErrorFailed(string requestId, string reason);
}
