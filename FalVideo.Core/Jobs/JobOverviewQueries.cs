using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace FalVideo.Core.Jobs;

/// <summary>
/// Read-only queries behind the dashboard and gallery (counters, the active list, recent results, filter choices).
/// Each one touches an index and a bounded number of rows, so it costs the same with 100 or 100,000 jobs stored.
/// </summary>
public sealed class JobOverviewQueries(IDbContextFactory<FalVideoDbContext> dbFactory, TimeProvider time)
{
    private static readonly JobStatus[] InFlightStatuses = [JobStatus.Submitting, JobStatus.Queued, JobStatus.Running, JobStatus.Downloading];

    /// <summary>Local midnight today in the app's time zone.</summary>
    public DateTimeOffset StartOfToday()
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), time.LocalTimeZone);
        var midnight = new DateTime(local.Year, local.Month, local.Day, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, time.LocalTimeZone.GetUtcOffset(midnight));
    }

    public async Task<DashboardCounters> CountersAsync(CancellationToken cancellationToken = default)
    {
        var today = StartOfToday();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var active = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Pending || InFlightStatuses.Contains(j.Status))
            .GroupBy(j => j.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var endedToday = await db.Jobs.AsNoTracking()
            .Where(j => j.CompletedAt >= today && (j.Status == JobStatus.Completed || j.Status == JobStatus.Failed || j.Status == JobStatus.Interrupted))
            .GroupBy(j => j.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var costs = await db.Jobs.AsNoTracking()
            .Where(j => j.SubmittedAt >= today).Where(JobSpend.Billed)
            .Select(j => j.ActualCost ?? j.EstimatedCost).ToListAsync(cancellationToken);

        var running = active.Where(r => r.Key is JobStatus.Submitting or JobStatus.Running or JobStatus.Downloading).Sum(r => r.Count);
        var queued = active.Where(r => r.Key is JobStatus.Pending or JobStatus.Queued).Sum(r => r.Count);
        var completed = endedToday.Where(r => r.Key == JobStatus.Completed).Sum(r => r.Count);
        var failed = endedToday.Where(r => r.Key is JobStatus.Failed or JobStatus.Interrupted).Sum(r => r.Count);
        return new DashboardCounters(running, queued, completed, failed, costs.Sum(c => c ?? 0m));
    }

    /// <summary>Every job in flight (oldest submit first) and the first <paramref name="pendingHead"/> pending jobs in dispatch order.</summary>
    public async Task<ActiveJobs> ActiveAsync(int pendingHead, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inFlight = await db.Jobs.AsNoTracking().Where(j => InFlightStatuses.Contains(j.Status))
            .OrderBy(j => j.SubmittedAt).ThenBy(j => j.CreatedAt).ToListAsync(cancellationToken);
        var pending = db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Pending);
        var head = await pending.OrderBy(j => j.CreatedAt).ThenBy(j => j.RowNumber).Take(pendingHead).ToListAsync(cancellationToken);
        var total = head.Count < pendingHead ? head.Count : await pending.CountAsync(cancellationToken);
        return new ActiveJobs([.. inFlight.Select(j => j.ToView())], [.. head.Select(j => j.ToView())], total);
    }

    /// <summary>The newest finished videos, most recently completed first.</summary>
    public async Task<IReadOnlyList<JobView>> RecentCompletedAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Completed)
            .OrderByDescending(j => j.CompletedAt).Take(count).ToListAsync(cancellationToken);
        return [.. jobs.Select(j => j.ToView())];
    }

    /// <summary>The newest batches, for a filter list.</summary>
    public async Task<IReadOnlyList<BatchOption>> BatchesAsync(int count = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batches = await db.Batches.AsNoTracking().OrderByDescending(b => b.CreatedAt).Take(count)
            .Select(b => new { b.Id, b.Name, b.CreatedAt }).ToListAsync(cancellationToken);
        return [.. batches.Select(b => new BatchOption(b.Id, b.Name, b.CreatedAt))];
    }

    /// <summary>The models that jobs were made with (for a filter list).</summary>
    public async Task<IReadOnlyList<string>> ModelsUsedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Select(j => j.ModelId).Distinct().OrderBy(m => m).ToListAsync(cancellationToken);
    }

    /// <summary>A batch's counts by outcome; null when it does not exist.</summary>
    public async Task<BatchProgress?> BatchProgressAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Batches.AsNoTracking().Where(b => b.Id == batchId).Select(b => b.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null) return null;
        var rows = await db.Jobs.AsNoTracking().Where(j => j.BatchId == batchId)
            .GroupBy(j => j.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Sum(Func<JobStatus, bool> which) => rows.Where(r => which(r.Key)).Sum(r => r.Count);
        return new BatchProgress(batchId, name, Sum(_ => true), Sum(s => s == JobStatus.Completed),
            Sum(s => s is JobStatus.Failed or JobStatus.Interrupted), Sum(s => s == JobStatus.Canceled), Sum(s => !s.IsTerminal()));
    }
}
