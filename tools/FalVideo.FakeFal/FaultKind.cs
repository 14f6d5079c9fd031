namespace FalVideo.FakeFal;

public enum FaultKind
{
    /// <summary>Wait <see cref="FaultRule.Delay"/> before answering (a submit is registered first, so a client timeout leaves it billed; a WebSocket request runs that much longer).</summary>
    Latency,
    /// <summary>
    /// Answer <see cref="FaultRule.StatusCode"/> (429, 500, 502, 503, 504…), with Retry-After when <see cref="FaultRule.RetryAfter"/> is set. Nothing is registered.
    /// A WebSocket upgrade is refused with it; a WebSocket request gets it as the <c>start</c> status with fal's error body.
    /// </summary>
    HttpStatus,
    /// <summary>Answer 200 with a body that is not JSON (a submit is registered first).</summary>
    MalformedJson,
    /// <summary>Answer 401 as fal does for a missing or invalid key.</summary>
    Unauthorized,
    /// <summary>Status stream: cut the connection after <see cref="FaultRule.AfterEvents"/> events.</summary>
    DropStream,
    /// <summary>Submit: register the request, then reset the connection before answering.</summary>
    AbortAfterAccept,
    /// <summary>Submit: this request finishes as COMPLETED + error, and its result is <see cref="FaultRule.StatusCode"/> (422) with a detail array.</summary>
    CompletedWithError,
    /// <summary>Submit: this request's result is gone (404) <see cref="FaultRule.Delay"/> after it completes.</summary>
    ResultExpired,
    /// <summary>Media: send at most <see cref="FaultRule.BytesPerSecond"/>.</summary>
    SlowMedia,
    /// <summary>Media: send <see cref="FaultRule.Fraction"/> of the file (chunked, no Content-Length) and end the body early.</summary>
    TruncatedMedia,
    /// <summary>WebSocket request: register it (billed), then cut the connection before <c>start</c>.</summary>
    DropBeforeStart,
    /// <summary>WebSocket request: send <c>start</c> and half the body, then cut the connection.</summary>
    DropAfterStart,
    /// <summary>WebSocket request: send a cut-off <c>start</c> frame (text that is not a JSON object, so by fal's rule it is body before start).</summary>
    MalformedFrame,
    /// <summary>WebSocket request: the <c>end</c> frame names another request id than <c>start</c>.</summary>
    MismatchedEnd,
    /// <summary>WebSocket request: answer completely, then cut the (now idle) connection — fal or a proxy dropping an idle session.</summary>
    DropAfterEnd,
    /// <summary>WebSocket request: send the body in 32-byte frames, <see cref="FaultRule.Delay"/> apart.</summary>
    SlowBody,
}
