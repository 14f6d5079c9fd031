namespace FalVideo.Core.Fal;

/// <summary>
/// A safe-to-repeat fal call failed for now (retries exhausted, transport error, unreadable answer). The caller decides
/// whether to wait and try again (status), or give up with a reason on the job.
/// </summary>
public sealed class FalCallFailedException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}
