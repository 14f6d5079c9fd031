namespace FalVideo.Core.Generation;

public enum CancelOutcome
{
    /// <summary>Removed from the queue, or the provider will stop it.</summary>
    CancellationRequested,
    /// <summary>Too late: it finished (and was billed).</summary>
    AlreadyCompleted,
    /// <summary>The provider does not know the request.</summary>
    NotFound,
}
