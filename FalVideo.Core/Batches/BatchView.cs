using FalVideo.Core.Domain;

namespace FalVideo.Core.Batches;

/// <summary>
/// A batch as the API and UI show it. <see cref="Status"/> is the user's intent (running, paused, canceled) except that a
/// running batch whose jobs have all finished is <see cref="BatchStatus.Finished"/>. <see cref="Spend"/> counts jobs that
/// reached the provider (actual cost where known, else the estimate); <see cref="Eta"/> comes from the observed rate.
/// </summary>
public sealed record BatchView(
    Guid Id,
    string Name,
    string? FileName,
    string ModelId,
    BatchStatus Status,
    string? Encoding,
    string? Delimiter,
    int TotalRows,
    int RejectedRows,
    BatchCounts Counts,
    decimal Spend,
    decimal EstimatedCost,
    decimal? BudgetCap,
    bool HeldByBudget,
    int? MaxConcurrency,
    double? SubmitDelaySeconds,
    TimeSpan? Eta,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
