namespace FalVideo.Core.Fal.Serialization;

/// <summary>
/// A queue status object (poll response and each SSE event). Only three states exist on fal; a failed request is
/// <c>COMPLETED</c> with <see cref="Error"/> and <see cref="ErrorType"/>.
/// </summary>
public sealed record FalQueueStatus(
    string Status,
    string? RequestId = null,
    int? QueuePosition = null,
    IReadOnlyList<FalLogEntry>? Logs = null,
    string? Error = null,
    string? ErrorType = null,
    string? ResponseUrl = null,
    string? StatusUrl = null,
    string? CancelUrl = null)
{
    public const string InQueue = "IN_QUEUE";
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";
}
