using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>
/// A rule that can hold a pending job back (budget caps, per-batch limits). Before each claim the runner asks every gate
/// for a snapshot, then offers candidates to it; a job any gate refuses stays pending.
/// </summary>
public interface IDispatchGate
{
    Task<Func<VideoJob, bool>> PrepareAsync(IReadOnlyCollection<VideoJob> inFlight, CancellationToken cancellationToken = default);
}
