using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace FalVideo.Core.Fal;

/// <summary>
/// The Polly v8 pipeline on the fal queue HTTP client: retry (outer) → circuit breaker → per-attempt timeout (inner).
/// WebSocket upgrades to <c>ws.fal.run</c> go through the same handler chain, so both transports share one circuit.
/// Safe calls (status, stream, result, cancel) retry 408 / 429 / 5xx / transport errors with exponential backoff and
/// jitter, honouring Retry-After. A submit is billed, so it is retried only when it provably did not reach fal:
/// the connection was never made (refused, DNS, TLS) or fal answered 429 / 503.
/// </summary>
public static class FalResilience
{
    /// <summary>Longest Retry-After we wait for inside one call; beyond it the call fails and its caller decides.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    public static void ConfigureQueuePipeline(ResiliencePipelineBuilder<HttpResponseMessage> builder, FalOptions options, TimeProvider time)
    {
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = false, // DelayGenerator below reads Retry-After (and the circuit's remaining break).
            ShouldHandle = args =>
            {
                var operation = FalRequestOptions.OperationOf(RequestOf(args.Outcome, args.Context));
                // A status stream gets one quick retry here; after that the generator reconnects or falls back to polling.
                var limit = operation == FalOperation.StatusStream ? Math.Min(1, options.MaxRetries) : options.MaxRetries;
                return ValueTask.FromResult(args.AttemptNumber < limit && ShouldRetry(args.Outcome, operation));
            },
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, time)),
        });
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(CountsAgainstFal(args.Outcome, FalRequestOptions.OperationOf(RequestOf(args.Outcome, args.Context)))),
        });
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }

    /// <summary>Whether this outcome of this kind of call may be repeated.</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, FalOperation operation)
    {
        if (operation == FalOperation.Submit) return ProvablyNotSent(outcome);
        // A WebSocket upgrade carries no input, so any transport failure may be repeated; an open circuit fails at once
        // (like a submit) so the runner pauses dispatch instead of holding a job in 'submitting'.
        if (operation == FalOperation.WebSocketConnect)
            return outcome.Exception is HttpRequestException or TimeoutRejectedException
                || outcome.Result is { } upgrade && IsTransientStatus(upgrade.StatusCode);
        if (outcome.Exception is BrokenCircuitException) return true;
        // An ErrorResult 5xx may be the model's own (stored) answer or the gateway failing; repeating is harmless and
        // tells them apart: the model's answer stays the same.
        return outcome.Exception is HttpRequestException or TimeoutRejectedException
            || outcome.Result is { } response && IsTransientStatus(response.StatusCode);
    }

    /// <summary>
    /// True only when fal cannot have started (and billed) the request: no connection was made, or fal refused it outright.
    /// A timeout or a reset after the body went out is not proof — the request may be queued.
    /// </summary>
    public static bool ProvablyNotSent(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException ex } => ConnectionNeverMade(ex),
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable,
        _ => false,
    };

    public static bool ConnectionNeverMade(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
        || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable };

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// Failures that say fal itself is unwell (not a refused input, not a rate limit). A failing status stream does not
    /// count: proxies often break SSE while everything else works, and polling covers for it.
    /// </summary>
    public static bool CountsAgainstFal(Outcome<HttpResponseMessage> outcome, FalOperation operation) => operation != FalOperation.StatusStream && outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } when operation != FalOperation.ErrorResult =>
            response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>The wait fal asked for (Retry-After seconds or date) or the circuit's remaining break; null = exponential backoff.</summary>
    public static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, TimeProvider time)
    {
        if (outcome.Exception is BrokenCircuitException { RetryAfter: { } remaining }) return Clamp(remaining);
        var header = outcome.Result?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return Clamp(delta);
        if (header?.Date is { } date) return Clamp(date - time.GetUtcNow());
        return null;
    }

    /// <summary>
    /// Log levels for the fal pipelines' events: an automatic retry is routine (Information, not Warning), and each
    /// failed attempt is Debug; the outcome that matters is logged by the caller.
    /// </summary>
    public static ResilienceEventSeverity Severity(SeverityProviderArguments args)
    {
        if (args.Source.PipelineName?.StartsWith("fal-", StringComparison.Ordinal) != true) return args.Event.Severity;
        return args.Event.EventName switch
        {
            "OnRetry" => ResilienceEventSeverity.Information,
            "ExecutionAttempt" => ResilienceEventSeverity.Debug,
            _ => args.Event.Severity,
        };
    }

    internal static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;

    private static HttpRequestMessage? RequestOf(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        outcome.Result?.RequestMessage ?? context.GetRequestMessage();
}
