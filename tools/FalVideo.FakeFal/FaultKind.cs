namespace FalVideo.FakeFal;

public enum FaultKind
{
    /// <summary>Wait <see cref="FaultRule.Delay"/> before answering (a submit is registered first, so a client timeout leaves it billed).</summary>
    Latency,
    /// <summary>Answer <see cref="FaultRule.StatusCode"/> (429, 500, 502, 503, 504…), with Retry-After when <see cref="FaultRule.RetryAfter"/> is set. Nothing is registered.</summary>
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
}
