using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace FalVideo.Core.Fal;

/// <summary>
/// The "fal-ws" provider: fal's HTTP-over-WebSocket transport (<c>ws.fal.run</c>, fal-protocol.md §3) on pooled
/// connections. Submit sends the input on a connection and returns at once with a request id of our own (<c>ws-…</c>),
/// because fal's id comes only with the <c>start</c> frame, which for a video model arrives when the video is done.
/// The watch reports "running" with no invented progress until the answer ends. There is no queue behind this
/// transport: fal cancels a request whose connection drops, so a drop in flight leaves the job <c>interrupted</c>
/// (never resent), and a job that was in flight when the app stopped cannot be re-attached — it becomes
/// <c>interrupted</c> at start-up, unless its answer had already arrived and been kept (then it is downloaded).
/// </summary>
public sealed partial class FalWebSocketGenerator : IVideoGenerator
{
    public const string RequestIdPrefix = "ws-";
    public const string NoProgressLogLine = "running (WebSocket — no progress reported by fal)";
    public const string ConnectionLostMessage = "connection lost — fal cancels dropped WebSocket requests; retry to run it again";

    private readonly FalWebSocketPool _pool;
    private readonly FalMediaDownloader _downloader;
    private readonly FalWebSocketResultStore _results;
    private readonly TimeProvider _time;
    private readonly ILogger<FalWebSocketGenerator> _logger;
    private readonly ResiliencePipeline _sendPipeline;
    private readonly ConcurrentDictionary<string, FalWebSocketExchange> _exchanges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Uri, string> _awaitingDownload = new();

    public FalWebSocketGenerator(FalWebSocketPool pool, FalMediaDownloader downloader, FalWebSocketResultStore results, TimeProvider time, ILogger<FalWebSocketGenerator> logger)
    {
        _pool = pool;
        _downloader = downloader;
        _results = results;
        _time = time;
        _logger = logger;
        // Only a connection found closed before any byte went out is tried again (on another connection): that
        // request provably never reached fal. Anything after the first byte may be billed and is never resent.
        _sendPipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder().Handle<FalWebSocketUnavailableException>(),
            })
            .Build();
    }

    public string Name => GeneratorRegistry.FalWebSocket;

    /// <summary>A WebSocket request dies with its connection: a retry must send it again (the user's decision, a new bill).</summary>
    public bool CanReattach => false;

    /// <summary>Requests sent and not yet answered (for the health report).</summary>
    public int InFlight => _exchanges.Values.Count(e => !e.Outcome.IsCompleted);

    public static bool IsLocalRequestId(string? id) =>
        id is { Length: > 3 } && id.StartsWith(RequestIdPrefix, StringComparison.Ordinal) && !id.AsSpan(RequestIdPrefix.Length).ContainsAnyExcept("0123456789abcdef");

    public async Task<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        FalEndpoint.Parse(request.ModelId);
        var input = Encoding.UTF8.GetBytes(request.ToInput().ToJsonString());
        var localId = RequestIdPrefix + Guid.NewGuid().ToString("N");
        try
        {
            await _sendPipeline.ExecuteAsync(async token => await SendOnceAsync(localId, request.ModelId, input, token), cancellationToken);
        }
        catch (FalWebSocketUnavailableException ex)
        {
            throw new ProviderUnavailableException(new JobError(ErrorTypes.Provider,
                $"fal's WebSocket connections keep closing before a request can be sent ({ex.Message}); dispatch resumes shortly."), ex);
        }
        LogSent(request.JobId, localId, request.ModelId);
        return new GenerationHandle(localId, request);
    }

    private async Task SendOnceAsync(string localId, string modelId, byte[] input, CancellationToken cancellationToken)
    {
        var session = await _pool.AcquireAsync(modelId, cancellationToken);
        var exchange = new FalWebSocketExchange(localId, modelId, _time.GetUtcNow());
        // Known before the first byte goes out, so a cancel or a drop during the send finds it.
        _exchanges[localId] = exchange;
        try
        {
            await session.SendAsync(exchange, input, cancellationToken);
        }
        catch (FalWebSocketUnavailableException)
        {
            _exchanges.TryRemove(new KeyValuePair<string, FalWebSocketExchange>(localId, exchange));
            throw;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Part of the input may have gone out: fal may run (and bill) it. Never resent.
            session.Abort("the input could not be sent completely");
            _exchanges.TryRemove(new KeyValuePair<string, FalWebSocketExchange>(localId, exchange));
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            throw new SubmitOutcomeUnknownException($"The WebSocket broke while the input was being sent ({ex.Message}): {ConnectionLostMessage}.", ex);
        }
    }

    public async IAsyncEnumerable<GenerationUpdate> WatchAsync(GenerationHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_exchanges.TryGetValue(handle.RequestId, out var exchange))
        {
            if (IsLocalRequestId(handle.RequestId) && _results.TryLoad(handle.RequestId) is { IsSuccess: true })
            {
                // fal had answered before the app stopped and the answer was kept: the runner downloads it now.
                yield return new GenerationUpdate.Completed();
                yield break;
            }
            throw new GenerationException(new JobError(ErrorTypes.ConnectionLost,
                $"The app stopped while this job was running over fal's WebSocket, and a WebSocket request cannot be resumed: {ConnectionLostMessage}."));
        }

        yield return new GenerationUpdate.Running(null, [NoProgressLogLine]);

        await WaitOrAbandonAsync(exchange, Task.WhenAny(exchange.Started, exchange.Outcome), cancellationToken);
        if (exchange.Started.IsCompletedSuccessfully)
        {
            var start = exchange.Started.Result;
            yield return new GenerationUpdate.Running(null, [$"fal request id {start.RequestId}: answering HTTP {start.Status}"]);
        }

        var outcome = await WaitOrAbandonAsync(exchange, exchange.Outcome, cancellationToken);
        switch (outcome.Ending)
        {
            case FalWebSocketEnding.Answered when outcome.Response!.IsSuccess:
                // Kept until the video is downloaded: nothing on fal's side can be fetched again.
                _results.Save(handle.RequestId, outcome.Response);
                yield return new GenerationUpdate.Running(null, [AnsweredLine(outcome.Response, exchange)]);
                yield return new GenerationUpdate.Completed();
                break;
            case FalWebSocketEnding.Answered:
                _exchanges.TryRemove(handle.RequestId, out _);
                var response = outcome.Response!;
                if (response.StatusCode is 401 or 403) throw new ProviderUnavailableException(FalErrorMapper.KeyRejected(response.StatusCode));
                yield return new GenerationUpdate.Running(null, [AnsweredLine(response, exchange)]);
                yield return new GenerationUpdate.Failed(FalErrorMapper.FromResponse(response.StatusCode, response.Body, response.ErrorTypeHeader));
                break;
            case FalWebSocketEnding.Canceled:
                _exchanges.TryRemove(handle.RequestId, out _);
                yield return new GenerationUpdate.Failed(new JobError(ErrorTypes.Canceled, "Canceled: its WebSocket was closed, which makes fal cancel the request."));
                break;
            case FalWebSocketEnding.DroppedBeforeStart:
                _exchanges.TryRemove(handle.RequestId, out _);
                throw new SubmitOutcomeUnknownException($"The WebSocket dropped after the input was sent and before fal answered ({outcome.Detail}): {ConnectionLostMessage}.");
            case FalWebSocketEnding.DroppedAfterStart:
                _exchanges.TryRemove(handle.RequestId, out _);
                LogDroppedAfterStart(handle.Request.JobId, handle.RequestId, exchange.FalRequestId, outcome.Detail);
                throw new GenerationException(new JobError(ErrorTypes.ConnectionLost, ConnectionLostMessage));
            default:
                _exchanges.TryRemove(handle.RequestId, out _);
                throw new GenerationException(new JobError(ErrorTypes.Provider,
                    $"fal's WebSocket answer was unreadable ({outcome.Detail}); the request may have been billed — retry to run it again."));
        }
    }

    public Task<GenerationResult> FetchResultAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        var response = _exchanges.TryRemove(handle.RequestId, out var exchange) && exchange.Outcome.IsCompletedSuccessfully
            ? exchange.Outcome.Result.Response
            : IsLocalRequestId(handle.RequestId) ? _results.TryLoad(handle.RequestId) : null;
        if (response is not { IsSuccess: true })
            throw new GenerationException(new JobError(ErrorTypes.ConnectionLost, $"fal's answer to request {handle.RequestId} is no longer here: {ConnectionLostMessage}."));
        var result = FalResultParser.TryParse(response.Body)
            ?? throw new GenerationException(new JobError(ErrorTypes.Provider, $"fal answered with something that is not a JSON object: {FalResultParser.Snippet(response.Body)}"));
        _awaitingDownload[result.VideoUri] = handle.RequestId;
        return Task.FromResult(result);
    }

    public async Task DownloadVideoAsync(GenerationResult result, string destinationPath, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        await _downloader.DownloadAsync(result.VideoUri, destinationPath, result.FileSize, progress, cancellationToken);
        if (_awaitingDownload.TryRemove(result.VideoUri, out var localId)) _results.Delete(localId);
    }

    /// <summary>Closes the request's connection: fal cancels a dropped request. Too late once fal has answered.</summary>
    public Task<CancelOutcome> CancelAsync(GenerationHandle handle, CancellationToken cancellationToken = default)
    {
        CancelOutcome outcome;
        if (_exchanges.TryGetValue(handle.RequestId, out var exchange))
        {
            outcome = exchange.Cancel("canceled by the user")
                ? CancelOutcome.CancellationRequested
                : exchange.Outcome.Result.Ending == FalWebSocketEnding.Answered ? CancelOutcome.AlreadyCompleted : CancelOutcome.NotFound;
        }
        else
        {
            outcome = IsLocalRequestId(handle.RequestId) && _results.TryLoad(handle.RequestId) is not null ? CancelOutcome.AlreadyCompleted : CancelOutcome.NotFound;
        }
        LogCanceled(handle.RequestId, outcome);
        return Task.FromResult(outcome);
    }

    /// <summary>Waits for the request; when the watcher goes away (user cancel, app stopping) the request is stopped too.</summary>
    private async Task<T> WaitOrAbandonAsync<T>(FalWebSocketExchange exchange, Task<T> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            exchange.Cancel("nobody is waiting for the answer any more");
            _exchanges.TryRemove(exchange.LocalId, out _);
            throw;
        }
    }

    private string AnsweredLine(FalWebSocketResponse response, FalWebSocketExchange exchange)
    {
        var took = (_time.GetUtcNow() - exchange.CreatedAt).TotalSeconds;
        var firstByte = response.TimeToFirstByteSeconds is { } ttfb ? string.Create(CultureInfo.InvariantCulture, $", first byte after {ttfb:0.##} s") : "";
        return string.Create(CultureInfo.InvariantCulture, $"fal answered HTTP {response.StatusCode} after {took:0.#} s{firstByte} (request id {response.FalRequestId})");
    }

    [LoggerMessage(LogLevel.Information, "Job {JobId} sent over fal WebSocket as {LocalId} ({ModelId})")]
    private partial void LogSent(Guid jobId, string localId, string modelId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId}: WebSocket dropped while fal was answering {LocalId} (fal request {FalRequestId}): {Reason}")]
    private partial void LogDroppedAfterStart(Guid jobId, string localId, string? falRequestId, string? reason);

    [LoggerMessage(LogLevel.Information, "fal WebSocket cancel of {LocalId}: {Outcome}")]
    private partial void LogCanceled(string localId, CancelOutcome outcome);
}
