using FalVideo.Core.Domain;

namespace FalVideo.Core.Generation;

/// <summary>
/// The provider refused the whole queue (key rejected, circuit open). The job did not reach the provider and stays
/// <c>pending</c>; the runner pauses dispatch and says why.
/// </summary>
public sealed class ProviderUnavailableException(JobError reason, Exception? inner = null, TimeSpan? retryAfter = null) : GenerationException(reason, inner)
{
    /// <summary>When the provider may take work again (an open circuit's remaining time); null = wait for the user.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
