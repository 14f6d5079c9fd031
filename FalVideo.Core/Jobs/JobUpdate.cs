namespace FalVideo.Core.Jobs;

/// <summary>Published on the hub after every stored change. <see cref="Job"/> is null when the job was deleted.</summary>
public sealed record JobUpdate(Guid JobId, Guid? BatchId, JobView? Job);
