namespace FalVideo.Core.Domain;

/// <summary>One prompt → one video. The row in the database is the truth; nothing about a job lives only in memory.</summary>
public sealed class VideoJob
{
    public Guid Id { get; set; }
    public Guid? BatchId { get; set; }
    /// <summary>1-based data row in the batch's CSV (not counting the header).</summary>
    public int? RowNumber { get; set; }
    /// <summary>The CSV file line the row started on, for messages.</summary>
    public int? LineNumber { get; set; }

    public required string ModelId { get; set; }
    public required string Prompt { get; set; }
    /// <summary>Model input without the prompt, as a JSON object.</summary>
    public string ParametersJson { get; set; } = "{}";
    /// <summary>"offline" or "fal"; fixed at submit so a re-attach uses the same provider.</summary>
    public string? Provider { get; set; }

    public JobStatus Status { get; set; } = JobStatus.Pending;
    public string? RequestId { get; set; }
    public int? QueuePosition { get; set; }
    /// <summary>The most recent log lines (newest last), JSON array; capped.</summary>
    public string LogLinesJson { get; set; } = "[]";
    public double? Progress { get; set; }

    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>Per-field errors as JSON (<see cref="FieldError"/>[]).</summary>
    public string? ErrorFieldsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string? VideoPath { get; set; }
    public string? PosterPath { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public double? DurationSeconds { get; set; }
    public string? Codec { get; set; }
    public long? Seed { get; set; }
    public decimal? EstimatedCost { get; set; }
    public decimal? ActualCost { get; set; }
    public int Attempts { get; set; }

    public List<JobAttempt> PreviousAttempts { get; set; } = [];
}
