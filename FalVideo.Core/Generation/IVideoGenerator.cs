namespace FalVideo.Core.Generation;

/// <summary>
/// One video provider (the offline renderer, the fal queue, fal over WebSocket). Modelled on a long-running
/// operation: <see cref="SubmitAsync"/> starts it and returns a durable handle whose <see cref="GenerationHandle.RequestId"/>
/// is stored at once; everything after that can be rebuilt from the stored id after a restart.
/// </summary>
public interface IVideoGenerator
{
    /// <summary>"offline" or "fal" — stored on each job as its provider.</summary>
    string Name { get; }

    /// <summary>
    /// Whether a stored request id can be watched again after a restart or an interruption (the fal queue can; a
    /// WebSocket request dies with its connection).
    /// </summary>
    bool CanReattach => true;

    /// <summary>
    /// Starts (and for paid providers bills) one generation. Must not be retried by callers when it throws
    /// <see cref="SubmitOutcomeUnknownException"/>: the request may have reached the provider.
    /// </summary>
    Task<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Status updates until the provider says the work is over (a <see cref="GenerationUpdate.Completed"/> or <see cref="GenerationUpdate.Failed"/> update ends the stream).</summary>
    IAsyncEnumerable<GenerationUpdate> WatchAsync(GenerationHandle handle, CancellationToken cancellationToken = default);

    /// <summary>Fetches the output of a completed request (fal keeps large results only 6 minutes: call it at once).</summary>
    Task<GenerationResult> FetchResultAsync(GenerationHandle handle, CancellationToken cancellationToken = default);

    /// <summary>Copies the result's video to <paramref name="destinationPath"/> (a temp name the caller renames).</summary>
    Task DownloadVideoAsync(GenerationResult result, string destinationPath, IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider to stop the request.</summary>
    Task<CancelOutcome> CancelAsync(GenerationHandle handle, CancellationToken cancellationToken = default);
}
