using System.Net;

namespace FalVideo.Core.Fal;

/// <summary>The media server answered 408 / 429 / 5xx: worth another attempt, after <see cref="RetryAfter"/> if it said so.</summary>
public sealed class TransientMediaStatusException(HttpStatusCode statusCode, TimeSpan? retryAfter)
    : IOException($"The media server answered HTTP {(int)statusCode}.")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
