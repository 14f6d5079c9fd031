namespace FalVideo.Core.Domain;

/// <summary>The legal moves between statuses; anything else is refused.</summary>
public static class JobStatusRules
{
    private static readonly Dictionary<JobStatus, JobStatus[]> Allowed = new()
    {
        [JobStatus.Pending] = [JobStatus.Submitting, JobStatus.Canceled],
        // A submit may fail outright (422), succeed into the queue, or start at once (offline renderer).
        // Back to pending only when the request provably never reached the provider (key refused, circuit open, a free offline render).
        [JobStatus.Submitting] = [JobStatus.Pending, JobStatus.Queued, JobStatus.Running, JobStatus.Completed, JobStatus.Downloading, JobStatus.Failed, JobStatus.Interrupted, JobStatus.Canceled],
        [JobStatus.Queued] = [JobStatus.Running, JobStatus.Downloading, JobStatus.Completed, JobStatus.Failed, JobStatus.Canceled, JobStatus.Interrupted],
        [JobStatus.Running] = [JobStatus.Downloading, JobStatus.Completed, JobStatus.Failed, JobStatus.Canceled, JobStatus.Interrupted],
        [JobStatus.Downloading] = [JobStatus.Completed, JobStatus.Failed, JobStatus.Canceled, JobStatus.Interrupted],
        [JobStatus.Completed] = [],
        // Retry is a user action: the only way out of a terminal failure. Back to queued when fal finished (and billed)
        // the work and only the download failed: the retry fetches that result again instead of paying twice.
        [JobStatus.Failed] = [JobStatus.Pending, JobStatus.Queued],
        [JobStatus.Canceled] = [JobStatus.Pending],
        // An interrupted job whose request id is known re-attaches to that request instead of paying for a new one.
        [JobStatus.Interrupted] = [JobStatus.Pending, JobStatus.Queued],
    };

    public static bool CanMove(JobStatus from, JobStatus to) => Allowed[from].Contains(to);

    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled or JobStatus.Interrupted;

    /// <summary>A provider holds (or may hold) work for a job in one of these states.</summary>
    public static bool IsInFlight(this JobStatus status) =>
        status is JobStatus.Submitting or JobStatus.Queued or JobStatus.Running or JobStatus.Downloading;

    public static string ToWire(this JobStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseWire(string? value, out JobStatus status) =>
        Enum.TryParse(value, ignoreCase: true, out status) && Enum.IsDefined(status);
}
