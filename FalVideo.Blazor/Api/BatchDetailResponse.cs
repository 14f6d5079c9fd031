using FalVideo.Core.Batches;
using FalVideo.Core.Jobs;

namespace FalVideo.Blazor.Api;

/// <summary><c>GET /api/batches/{id}</c>: the batch summary (counts by status, spend, ETA) and, unless <c>jobs=false</c>, a page of its jobs in row order (<c>page</c>, <c>pageSize</c> up to 500).</summary>
public sealed record BatchDetailResponse(BatchView Batch, PagedResult<JobView>? Jobs, BatchLinks Links);
