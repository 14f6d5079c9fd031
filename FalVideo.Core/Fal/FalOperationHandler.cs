namespace FalVideo.Core.Fal;

/// <summary>
/// Tags requests that others build (the WebSocket upgrade that <c>ClientWebSocket</c> creates) with the fal operation,
/// so the shared resilience pipeline applies that operation's retry and circuit rules.
/// </summary>
public sealed class FalOperationHandler(FalOperation operation, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(FalRequestOptions.Operation, operation);
        return base.SendAsync(request, cancellationToken);
    }

    // The inner handler belongs to IHttpClientFactory, which rotates and disposes it: never dispose it here.
    protected override void Dispose(bool disposing)
    {
    }
}
