using System.Net.WebSockets;
using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FalVideo.Core.Fal;

/// <summary>
/// Opens authenticated connections to <c>{WebSocketUrl}/{model_id}</c> (<c>Authorization: Key …</c> on the upgrade).
/// The upgrade goes through the queue client's handler chain, so it gets the same Polly pipeline — exponential backoff
/// with jitter on transport errors, 408 / 429 / 5xx — and counts in the same circuit breaker: a failing fal pauses
/// dispatch whichever transport noticed. Nothing is sent to a model while connecting, so every failure here means
/// "not billed": <see cref="ProviderUnavailableException"/> (job back to pending) or, for an endpoint fal does not
/// know, <see cref="GenerationException"/>.
/// </summary>
public sealed partial class FalWebSocketConnector(
    IHttpMessageHandlerFactory handlers,
    IOptionsMonitor<FalOptions> options,
    FalCredentials credentials,
    ILogger<FalWebSocketConnector> logger)
{
    /// <summary><c>{WebSocketUrl}/{model_id}</c> (the full id: the subpath rule applies to queue status calls only).</summary>
    public Uri EndpointUri(string modelId) =>
        new($"{options.CurrentValue.WebSocketUrl.TrimEnd('/')}/{FalEndpoint.Parse(modelId).ModelId}");

    public async Task<ClientWebSocket> ConnectAsync(string modelId, CancellationToken cancellationToken = default)
    {
        if (!credentials.IsSet)
            throw new ProviderUnavailableException(new JobError(ErrorTypes.KeyRejected, "No fal key is set: put FAL_KEY in .env or the environment, then resume the queue."));
        var uri = EndpointUri(modelId);
        var keepAlive = options.CurrentValue.WebSocketKeepAlive;
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", credentials.AuthorizationHeaderValue());
        socket.Options.SetRequestHeader("User-Agent", "FalVideo");
        socket.Options.KeepAliveInterval = keepAlive;
        socket.Options.KeepAliveTimeout = keepAlive;
        socket.Options.CollectHttpResponseDetails = true;
        using var invoker = new HttpMessageInvoker(
            new FalOperationHandler(FalOperation.WebSocketConnect, handlers.CreateHandler(FalQueueClient.HttpClientName)), disposeHandler: false);
        try
        {
            await socket.ConnectAsync(uri, invoker, cancellationToken);
            LogConnected(uri.AbsolutePath);
            return socket;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            var failure = Classify(ex, status, modelId);
            LogConnectFailed(uri.AbsolutePath, status, failure.Error.Message);
            throw failure;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private GenerationException Classify(Exception ex, int status, string modelId)
    {
        if (Find<BrokenCircuitException>(ex) is { } open) return new ProviderUnavailableException(FalErrorMapper.CircuitOpen(open.RetryAfter), ex);
        return status switch
        {
            401 or 403 => new ProviderUnavailableException(FalErrorMapper.KeyRejected(status), ex),
            429 or 503 => new ProviderUnavailableException(new JobError(ErrorTypes.Provider, $"fal is not taking WebSocket requests right now (HTTP {status}); dispatch resumes shortly."), ex),
            404 => new GenerationException(new JobError(ErrorTypes.Provider, $"fal has no WebSocket endpoint for '{modelId}' (HTTP 404)."), ex),
            >= 500 => new ProviderUnavailableException(new JobError(ErrorTypes.Provider, $"fal's WebSocket endpoint is failing (HTTP {status}); dispatch resumes shortly."), ex),
            >= 400 => new GenerationException(new JobError(ErrorTypes.Provider, $"fal refused the WebSocket connection (HTTP {status})."), ex),
            _ when Find<TimeoutRejectedException>(ex) is not null => new ProviderUnavailableException(new JobError(ErrorTypes.Provider,
                $"fal did not accept the WebSocket connection within {options.CurrentValue.AttemptTimeout.TotalSeconds:0.#} s; dispatch resumes shortly."), ex),
            _ => new ProviderUnavailableException(new JobError(ErrorTypes.Provider, $"Cannot reach fal's WebSocket endpoint: {Innermost(ex).Message}"), ex),
        };
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found) return found;
        }
        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    [LoggerMessage(LogLevel.Debug, "fal WebSocket connected to {Path}")]
    private partial void LogConnected(string path);

    [LoggerMessage(LogLevel.Warning, "fal WebSocket connect to {Path} failed (HTTP {Status}): {Reason}")]
    private partial void LogConnectFailed(string path, int status, string reason);
}
