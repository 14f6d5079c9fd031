namespace FalVideo.Core.Domain;

public sealed class IllegalTransitionException(Guid jobId, JobStatus from, JobStatus to)
    : InvalidOperationException($"Job {jobId} cannot move from '{from.ToWire()}' to '{to.ToWire()}'.")
{
    public Guid JobId { get; } = jobId;
    public JobStatus From { get; } = from;
    public JobStatus To { get; } = to;
}
