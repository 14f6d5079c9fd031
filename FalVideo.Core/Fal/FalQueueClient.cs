using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Fal.Serialization;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FalVideo.Core.Fal;

/// <summary>
/// fal's queue API over HTTP (fal-protocol.md §2): submit to <c>{QueueUrl}/{model_id}</c>; status, status stream,
/// result and cancel on <c>{QueueUrl}/{owner}/{app}/requests/{id}</c>. Every call carries <c>Authorization: Key …</c>.
/// Retries, circuit breaker and per-attempt timeouts live in the HTTP client's Polly pipeline (<see cref="FalResilience"/>);
/// this class turns answers into results or into the exception that tells the runner what happened to the job.
/// Thread-safe; one instance serves every job.
/// </summary>
public sealed partial class FalQueueClient(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<FalOptions> options,
    FalCredentials credentials,
    TimeProvider time,
    ILogger<FalQueueClient> logger)
{
    public const string HttpClientName = "fal-queue";

    /// <summary>
    /// Submits one (billed) request. Throws <see cref="ProviderUnavailableException"/> when the request provably did not
    /// reach fal (key rejected, fal unreachable, circuit open, rate limited), <see cref="SubmitOutcomeUnknownException"/>
    /// when it may have, and <see cref="GenerationException"/> when fal refused the input.
    /// </summary>
    public async Task<FalSubmitResponse> SubmitAsync(string modelId, JsonObject input, CancellationToken cancellationToken = default)
    {
        var endpoint = FalEndpoint.Parse(modelId);
        using var request = NewRequest(HttpMethod.Post, endpoint.SubmitPath, FalOperation.Submit);
        request.Headers.TryAddWithoutValidation("X-Fal-Queue-Priority", options.CurrentValue.QueuePriority);
        request.Content = new StringContent(input.ToJsonString(), Encoding.UTF8, "application/json");

        HttpResponseMessage response;
        try
        {
            response = await Http().SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ProviderUnavailableException(CircuitOpen(ex), ex, ex.RetryAfter ?? TimeSpan.FromSeconds(30));
        }
        catch (HttpRequestException ex) when (FalResilience.ConnectionNeverMade(ex))
        {
            throw new ProviderUnavailableException(new JobError(ErrorTypes.Provider, $"Cannot reach fal ({ex.HttpRequestError}): {ex.Message}"), ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SubmitOutcomeUnknownException($"fal did not answer within {options.CurrentValue.AttemptTimeout.TotalSeconds:0.#} s. Check your fal dashboard before retrying.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SubmitOutcomeUnknownException($"The connection broke after the request was sent ({ex.Message}). Check your fal dashboard before retrying.", ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new SubmitOutcomeUnknownException($"fal answered HTTP {status} but the answer was cut off.", ex);
            }

            if (response.IsSuccessStatusCode)
            {
                var submitted = TryDeserialize(body, FalJsonContext.Default.FalSubmitResponse);
                if (submitted?.RequestId is not { Length: > 0 })
                    throw new SubmitOutcomeUnknownException($"fal answered HTTP {status} but its answer had no readable request id. Check your fal dashboard before retrying.");
                LogSubmitted(endpoint.ModelId, submitted.RequestId);
                return submitted;
            }
            if (status is 401 or 403) throw new ProviderUnavailableException(FalErrorMapper.KeyRejected(status));
            if (status is 429 or 503)
                throw new ProviderUnavailableException(new JobError(ErrorTypes.Provider, $"fal is not taking requests right now (HTTP {status}); dispatch resumes shortly."));
            if (status >= 500)
                throw new SubmitOutcomeUnknownException($"{FalErrorMapper.FromResponse(status, body, ErrorTypeHeader(response)).Message}. Check your fal dashboard before retrying.");
            // 4xx: fal refused the request itself (bad input, unknown model): nothing was queued or billed.
            throw new GenerationException(FalErrorMapper.FromResponse(status, body, ErrorTypeHeader(response)));
        }
    }

    /// <summary>One status poll (<c>logs=1</c>). Transient failures surface as <see cref="FalCallFailedException"/>.</summary>
    public async Task<FalQueueStatus> GetStatusAsync(FalEndpoint endpoint, string requestId, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, endpoint.StatusPath(requestId, logs: true), FalOperation.Status);
        using var response = await SendSafeAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await ReadBodyAsync(response, cancellationToken);
        ThrowForStatusError(response, body, requestId);
        return TryDeserialize(body, FalJsonContext.Default.FalQueueStatus) is { Status.Length: > 0 } status
            ? status
            : throw new FalCallFailedException($"fal's status answer could not be read: {Snippet(body)}", (int)response.StatusCode);
    }

    /// <summary>
    /// The SSE status stream (<c>logs=1</c>): one status per event until fal sends COMPLETED and closes it. Keep-alive
    /// comments reset the idle timer. A drop, a silent stream or an unreadable event ends it with <see cref="FalCallFailedException"/>;
    /// a stream that simply ends before COMPLETED just ends (the caller reconnects or polls).
    /// </summary>
    public async IAsyncEnumerable<FalQueueStatus> StreamStatusAsync(FalEndpoint endpoint, string requestId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, endpoint.StatusStreamPath(requestId, logs: true), FalOperation.StatusStream);
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await SendSafeAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await ReadBodyAsync(response, cancellationToken);
            ThrowForStatusError(response, body, requestId);
            throw new FalCallFailedException($"fal's status stream answered HTTP {(int)response.StatusCode}.", (int)response.StatusCode);
        }

        Stream raw;
        try
        {
            raw = await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new FalCallFailedException($"fal's status stream broke: {ex.Message}", null, ex);
        }
        await using var stream = new IdleTimeoutStream(raw, options.CurrentValue.StreamIdleTimeout, time);
        await using var events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            SseItem<string> item;
            try
            {
                if (!await events.MoveNextAsync()) yield break;
                item = events.Current;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw new FalCallFailedException($"fal's status stream broke: {ex.Message}", null, ex);
            }
            if (string.IsNullOrWhiteSpace(item.Data)) continue;
            var status = TryDeserialize(item.Data, FalJsonContext.Default.FalQueueStatus);
            if (status?.Status is not { Length: > 0 }) throw new FalCallFailedException($"fal's status stream sent an unreadable event: {Snippet(item.Data)}");
            yield return status;
            if (status.Status == FalQueueStatus.Completed) yield break;
        }
    }

    /// <summary>
    /// The result as fal relays it (success JSON, or the model's error code and body). With <paramref name="expectError"/>
    /// (the status already said it failed) a 4xx/5xx answer that survives the retries is the result itself.
    /// </summary>
    public async Task<FalResultResponse> GetResultAsync(FalEndpoint endpoint, string requestId, bool expectError = false, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, endpoint.RequestPath(requestId), expectError ? FalOperation.ErrorResult : FalOperation.Result);
        using var response = await SendSafeAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await ReadBodyAsync(response, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is 401 or 403) throw new ProviderUnavailableException(FalErrorMapper.KeyRejected(status));
        if (!expectError && FalResilience.IsTransientStatus(response.StatusCode))
            throw new FalCallFailedException($"fal's result call answered HTTP {status}.", status);
        return new FalResultResponse(status, body, ErrorTypeHeader(response));
    }

    /// <summary>Asks fal to cancel: 202 → requested, 400 → already completed, 404 → not found (the body's <c>status</c> wins when present).</summary>
    public async Task<CancelOutcome> CancelAsync(FalEndpoint endpoint, string requestId, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Put, endpoint.CancelPath(requestId), FalOperation.Cancel);
        using var response = await SendSafeAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await ReadBodyAsync(response, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is 401 or 403) throw new ProviderUnavailableException(FalErrorMapper.KeyRejected(status));
        var said = TryDeserialize(body, FalJsonContext.Default.FalCancelResponse)?.Status;
        var outcome = said switch
        {
            "ALREADY_COMPLETED" => CancelOutcome.AlreadyCompleted,
            "NOT_FOUND" => CancelOutcome.NotFound,
            "CANCELLATION_REQUESTED" or "OK" => CancelOutcome.CancellationRequested,
            _ => status switch
            {
                >= 200 and < 300 => CancelOutcome.CancellationRequested,
                400 => CancelOutcome.AlreadyCompleted,
                404 => CancelOutcome.NotFound,
                _ => throw new GenerationException(new JobError(ErrorTypes.Provider, $"fal did not confirm the cancel (HTTP {status}); try again.")),
            },
        };
        LogCanceled(requestId, outcome);
        return outcome;
    }

    private HttpClient Http() => httpClientFactory.CreateClient(HttpClientName);

    private HttpRequestMessage NewRequest(HttpMethod method, string path, FalOperation operation)
    {
        if (!credentials.IsSet)
            throw new ProviderUnavailableException(new JobError(ErrorTypes.KeyRejected, "No fal key is set: put FAL_KEY in .env or the environment, then resume the queue."));
        var request = new HttpRequestMessage(method, new Uri($"{options.CurrentValue.QueueUrl.TrimEnd('/')}/{path}"));
        request.Headers.TryAddWithoutValidation("Authorization", credentials.AuthorizationHeaderValue());
        request.Headers.Accept.ParseAdd("application/json");
        request.Options.Set(FalRequestOptions.Operation, operation);
        return request;
    }

    /// <summary>Sends a safe (repeatable) call; whatever is still failing after the pipeline's retries becomes <see cref="FalCallFailedException"/>.</summary>
    private async Task<HttpResponseMessage> SendSafeAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await Http().SendAsync(request, completion, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new FalCallFailedException(CircuitOpen(ex).Message, null, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new FalCallFailedException($"fal did not answer within {options.CurrentValue.AttemptTimeout.TotalSeconds:0.#} s.", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new FalCallFailedException($"fal could not be reached: {ex.Message}", null, ex);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new FalCallFailedException($"fal's answer was cut off: {ex.Message}", (int)response.StatusCode, ex);
        }
    }

    /// <summary>Status and stream answers other than 200/202: key problems stop the queue; an unknown request id ends the job.</summary>
    private static void ThrowForStatusError(HttpResponseMessage response, string body, string requestId)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode) return;
        if (status is 401 or 403) throw new ProviderUnavailableException(FalErrorMapper.KeyRejected(status));
        if (status == 404)
            throw new GenerationException(new JobError(ErrorTypes.ResultExpired, $"fal no longer knows request {requestId} (it may have expired): {FalErrorMapper.FromResponse(status, body).Message}"));
        throw new FalCallFailedException($"fal's status call answered HTTP {status}: {Snippet(body)}", status);
    }

    private static JobError CircuitOpen(BrokenCircuitException ex) => FalErrorMapper.CircuitOpen(ex.RetryAfter);

    private static string? ErrorTypeHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Fal-Error-Type", out var values) ? values.FirstOrDefault() : null;

    private static T? TryDeserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Snippet(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [LoggerMessage(LogLevel.Information, "fal accepted {ModelId}: request id {RequestId}")]
    private partial void LogSubmitted(string modelId, string requestId);

    [LoggerMessage(LogLevel.Information, "fal cancel of request {RequestId}: {Outcome}")]
    private partial void LogCanceled(string requestId, CancelOutcome outcome);
}
