using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>Filters and paging for the gallery and <c>GET /api/jobs</c>. Page is 1-based.</summary>
public sealed record JobQuery
{
    public IReadOnlyList<JobStatus>? Statuses { get; init; }
    public string? Text { get; init; }
    public string? Model { get; init; }
    public Guid? BatchId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public JobSort Sort { get; init; } = JobSort.NewestFirst;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}
