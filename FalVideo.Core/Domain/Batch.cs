namespace FalVideo.Core.Domain;

/// <summary>A CSV import the user started: its jobs carry <see cref="VideoJob.BatchId"/>.</summary>
public sealed class Batch
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? FileName { get; set; }
    public required string ModelId { get; set; }
    public string DefaultParametersJson { get; set; } = "{}";
    public BatchStatus Status { get; set; } = BatchStatus.Running;
    public string? Encoding { get; set; }
    public string? Delimiter { get; set; }
    public int TotalRows { get; set; }
    public int RejectedRows { get; set; }
    /// <summary>Stop dispatching this batch's jobs once its spend (actual, else estimated) reaches this.</summary>
    public decimal? BudgetCap { get; set; }
    public int? MaxConcurrency { get; set; }
    public double? SubmitDelaySeconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
