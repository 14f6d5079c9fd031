using System.Runtime.CompilerServices;
using FalVideo.Core.Domain;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace FalVideo.Core.Batches;

/// <summary>
/// Batch rows: the only writer of <see cref="Batch"/> (jobs stay with the JobStore), plus read-only queries over a batch's
/// jobs. Raises <see cref="Changed"/> after every write so open pages refresh a paused or canceled batch at once.
/// </summary>
public sealed class BatchStore(IDbContextFactory<FalVideoDbContext> dbFactory, TimeProvider time)
{
    private const int PageSize = 500;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Raised (from any thread) with the batch id after a batch row changed.</summary>
    public event Action<Guid>? Changed;

    public async Task InsertAsync(Batch batch, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Batches.Add(batch);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
        Changed?.Invoke(batch.Id);
    }

    /// <summary>Applies <paramref name="change"/> and saves; throws <see cref="KeyNotFoundException"/> for an unknown batch.</summary>
    public async Task<Batch> UpdateAsync(Guid id, Action<Batch> change, CancellationToken cancellationToken = default)
    {
        Batch batch;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            batch = await db.Batches.FirstOrDefaultAsync(b => b.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"There is no batch {id}.");
            change(batch);
            batch.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
        Changed?.Invoke(id);
        return batch;
    }

    public async Task<Batch?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
    }

    /// <summary>The newest batches first.</summary>
    public async Task<IReadOnlyList<Batch>> ListAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Batches.AsNoTracking().OrderByDescending(b => b.CreatedAt).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Running batches that have a concurrency, delay or budget limit (what the dispatch gate enforces).</summary>
    public async Task<IReadOnlyList<Batch>> ListLimitedRunningAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Batches.AsNoTracking()
            .Where(b => b.Status == BatchStatus.Running && (b.MaxConcurrency != null || b.SubmitDelaySeconds != null || b.BudgetCap != null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A batch's jobs in row order, read a page at a time so a 10,000-row batch is never all in memory.</summary>
    public async IAsyncEnumerable<VideoJob> JobsAsync(Guid batchId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = int.MinValue;
        while (true)
        {
            List<VideoJob> page;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                page = await db.Jobs.AsNoTracking()
                    .Where(j => j.BatchId == batchId && j.RowNumber > after)
                    .OrderBy(j => j.RowNumber).Take(PageSize).ToListAsync(cancellationToken);
            }
            foreach (var job in page) yield return job;
            if (page.Count < PageSize) yield break;
            after = page[^1].RowNumber ?? int.MaxValue;
        }
    }

    /// <summary>Ids of a batch's jobs in the given statuses.</summary>
    public async Task<IReadOnlyList<Guid>> JobIdsAsync(Guid batchId, IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.BatchId == batchId && statuses.Contains(j.Status))
            .OrderBy(j => j.RowNumber).Select(j => j.Id).ToListAsync(cancellationToken);
    }

    /// <summary>When the batch's latest submit happened (for the delay between submits), or null.</summary>
    public async Task<DateTimeOffset?> LastSubmittedAtAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.BatchId == batchId && j.SubmittedAt != null)
            .OrderByDescending(j => j.SubmittedAt).Select(j => j.SubmittedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The first submit of the batch's current run and the smallest pending estimate (for ETA and budget hold).</summary>
    public async Task<(DateTimeOffset? FirstSubmittedAt, decimal? CheapestPending, decimal EstimatedTotal)> ProgressFactsAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = db.Jobs.AsNoTracking().Where(j => j.BatchId == batchId);
        var first = await jobs.Where(j => j.SubmittedAt != null).OrderBy(j => j.SubmittedAt).Select(j => j.SubmittedAt).FirstOrDefaultAsync(cancellationToken);
        var cheapest = await jobs.Where(j => j.Status == JobStatus.Pending).OrderBy(j => j.EstimatedCost).Select(j => j.EstimatedCost).FirstOrDefaultAsync(cancellationToken);
        var estimates = await jobs.Select(j => j.EstimatedCost).ToListAsync(cancellationToken);
        return (first, cheapest, estimates.Sum(e => e ?? 0m));
    }
}
