namespace FalVideo.Core.Fal;

/// <summary>Which fal call a request is; the retry policy differs (a submit is billed, everything else is safe to repeat).</summary>
public enum FalOperation
{
    Submit,
    Status,
    StatusStream,
    Result,
    /// <summary>Fetching the result of a request whose status already said it failed: its 4xx/5xx is the answer (retried like any safe call, but never counted against fal's health).</summary>
    ErrorResult,
    Cancel,
    /// <summary>The upgrade request of a <c>ws.fal.run</c> connection: nothing is sent to a model yet, so it is always safe to repeat.</summary>
    WebSocketConnect,
}
