namespace FalVideo.Core.Domain;

/// <summary>A job's life. Stored and serialised in lower case (<c>pending</c>, <c>submitting</c>, …).</summary>
public enum JobStatus
{
    Pending,
    Submitting,
    Queued,
    Running,
    Downloading,
    Completed,
    Failed,
    Canceled,
    Interrupted,
}
