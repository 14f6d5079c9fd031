using FalVideo.Core.Domain;

namespace FalVideo.Core.Generation;

/// <summary>The submit may have reached the provider (timeout or reset after the body was sent): it may be billed, so never resend it automatically.</summary>
public sealed class SubmitOutcomeUnknownException(string detail, Exception? inner = null)
    : GenerationException(new JobError(ErrorTypes.SubmitOutcomeUnknown, $"Submit outcome unknown — may have been billed. {detail}".Trim()), inner);
