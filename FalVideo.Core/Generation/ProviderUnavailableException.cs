using FalVideo.Core.Domain;

namespace FalVideo.Core.Generation;

/// <summary>
/// The provider refused the whole queue (key rejected, circuit open). The job did not reach the provider and stays
/// <c>pending</c>; the runner pauses dispatch and says why.
/// </summary>
public sealed class ProviderUnavailableException(JobError reason, Exception? inner = null) : GenerationException(reason, inner);
