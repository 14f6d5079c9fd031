namespace FalVideo.Core.Domain;

/// <summary>A finished attempt kept when the user retries a job, so the earlier request id and reason are never lost.</summary>
public sealed class JobAttempt
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public int Number { get; set; }
    public JobStatus Status { get; set; }
    public string? Provider { get; set; }
    public string? RequestId { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorFieldsJson { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public decimal? ActualCost { get; set; }
}
