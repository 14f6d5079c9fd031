using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Jobs;

/// <summary>
/// The only writer of jobs. Every change is saved first and then published on the <see cref="JobUpdateHub"/>;
/// status changes are checked against <see cref="JobStatusRules"/>. Writes are serialised (SQLite has one writer anyway),
/// so a cancel from the API and a status change from the runner never overwrite each other.
/// </summary>
public sealed class JobStore(
    IDbContextFactory<FalVideoDbContext> dbFactory,
    JobUpdateHub hub,
    TimeProvider time,
    IOptions<JobOptions> options)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<JobView> CreateAsync(NewJob job, CancellationToken cancellationToken = default) =>
        (await CreateManyAsync([job], cancellationToken))[0];

    public async Task<IReadOnlyList<JobView>> CreateManyAsync(IEnumerable<NewJob> jobs, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var entities = jobs.Select(j => new VideoJob
        {
            Id = Guid.CreateVersion7(now),
            BatchId = j.BatchId,
            RowNumber = j.RowNumber,
            LineNumber = j.LineNumber,
            ModelId = j.ModelId,
            Prompt = j.Prompt,
            ParametersJson = (j.Parameters ?? []).ToJsonString(),
            Seed = j.Parameters?["seed"] is { } seed && long.TryParse(seed.ToJsonString(), out var parsed) ? parsed : null,
            EstimatedCost = j.EstimatedCost,
            Status = JobStatus.Pending,
            Attempts = 1,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Jobs.AddRange(entities);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }

        var views = entities.Select(e => e.ToView()).ToList();
        foreach (var view in views) hub.Publish(new JobUpdate(view.Id, view.BatchId, view));
        return views;
    }

    public async Task<JobView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await GetEntityAsync(id, cancellationToken))?.ToView();

    public async Task<VideoJob?> GetEntityAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Include(j => j.PreviousAttempts).FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    public async Task<PagedResult<JobView>> QueryAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var page = Math.Max(1, query.Page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = Filter(db.Jobs.AsNoTracking(), query);
        var total = await jobs.CountAsync(cancellationToken);
        jobs = query.Sort switch
        {
            // Ties broken by row and id: a batch's jobs share one creation time, and paging must be stable.
            JobSort.OldestFirst => jobs.OrderBy(j => j.CreatedAt).ThenBy(j => j.RowNumber).ThenBy(j => j.Id),
            JobSort.RowNumber => jobs.OrderBy(j => j.RowNumber).ThenBy(j => j.CreatedAt).ThenBy(j => j.Id),
            _ => jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.RowNumber).ThenByDescending(j => j.Id),
        };
        var items = await jobs.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResult<JobView>([.. items.Select(j => j.ToView())], total, page, pageSize);
    }

    /// <summary>Counts by status for the given filter (dashboard counters, batch summaries).</summary>
    public async Task<IReadOnlyDictionary<JobStatus, int>> CountByStatusAsync(JobQuery? query = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Filter(db.Jobs.AsNoTracking(), query ?? new JobQuery())
            .GroupBy(j => j.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Enum.GetValues<JobStatus>().ToDictionary(s => s, s => rows.FirstOrDefault(r => r.Key == s)?.Count ?? 0);
    }

    /// <summary>Spend: actual cost where known, else the estimate, of jobs that reached the provider.</summary>
    public async Task<decimal> SpendAsync(JobQuery? query = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var costs = await Filter(db.Jobs.AsNoTracking(), query ?? new JobQuery())
            .Where(JobSpend.Billed)
            .Select(j => j.ActualCost ?? j.EstimatedCost).ToListAsync(cancellationToken);
        return costs.Sum(c => c ?? 0m);
    }

    public async Task<IReadOnlyList<VideoJob>> ListByStatusAsync(IReadOnlyCollection<JobStatus> statuses, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => statuses.Contains(j.Status)).OrderBy(j => j.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Moves the oldest dispatchable pending job to <c>submitting</c> and returns it — the write that must happen
    /// before the provider is called. Jobs of paused or canceled batches wait.
    /// </summary>
    public async Task<VideoJob?> ClaimNextPendingAsync(Func<VideoJob, bool>? canDispatch, string provider, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        VideoJob? claimed = null;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var candidates = DispatchablePending(db).OrderBy(j => j.CreatedAt).ThenBy(j => j.RowNumber);
            // Usually the first candidate is taken; the predicate (budget caps) may skip a few.
            await foreach (var job in candidates.Take(200).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                if (canDispatch is null || canDispatch(job)) { claimed = job; break; }
            }
            if (claimed is null) return null;
            var now = time.GetUtcNow();
            claimed.Status = JobStatus.Submitting;
            claimed.Provider = provider;
            claimed.SubmittedAt = now;
            claimed.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
        var view = claimed.ToView();
        hub.Publish(new JobUpdate(view.Id, view.BatchId, view));
        return claimed;
    }

    /// <summary>Whether any pending job outside paused or canceled batches is waiting.</summary>
    public async Task<bool> HasDispatchablePendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DispatchablePending(db).AnyAsync(cancellationToken);
    }

    private static IQueryable<VideoJob> DispatchablePending(FalVideoDbContext db)
    {
        var blockedBatches = db.Batches.Where(b => b.Status != BatchStatus.Running).Select(b => (Guid?)b.Id);
        return db.Jobs.Where(j => j.Status == JobStatus.Pending && !blockedBatches.Contains(j.BatchId));
    }

    /// <summary>Moves a job to <paramref name="to"/> (refusing illegal moves) and applies <paramref name="change"/> in the same write.</summary>
    public Task<JobView> TransitionAsync(Guid id, JobStatus to, Action<VideoJob>? change = null, CancellationToken cancellationToken = default) =>
        WriteAsync(id, job =>
        {
            if (job.Status != to && !JobStatusRules.CanMove(job.Status, to)) throw new IllegalTransitionException(job.Id, job.Status, to);
            var now = time.GetUtcNow();
            if (job.Status != to)
            {
                if (to == JobStatus.Running) job.StartedAt ??= now;
                if (to.IsTerminal()) job.CompletedAt = now;
            }
            job.Status = to;
            if (to is not (JobStatus.Queued)) job.QueuePosition = null;
            change?.Invoke(job);
        }, cancellationToken);

    /// <summary>Changes a job without moving it (progress, queue position, logs).</summary>
    public Task<JobView> UpdateAsync(Guid id, Action<VideoJob> change, CancellationToken cancellationToken = default) =>
        WriteAsync(id, change, cancellationToken);

    /// <summary>Appends log lines, keeping only the newest ones.</summary>
    public void AppendLogs(VideoJob job, IEnumerable<string> lines)
    {
        var kept = JobViewMapper.ReadLogs(job.LogLinesJson).Concat(lines).TakeLast(options.Value.LogLinesKept);
        job.LogLinesJson = JobViewMapper.WriteLogs(kept);
    }

    /// <summary>The user's retry: keeps the finished attempt's details, then puts the job back to <c>pending</c>.</summary>
    public Task<JobView> RetryAsync(Guid id, CancellationToken cancellationToken = default) =>
        WriteAsync(id, job =>
        {
            if (!JobStatusRules.CanMove(job.Status, JobStatus.Pending)) throw new IllegalTransitionException(job.Id, job.Status, JobStatus.Pending);
            job.PreviousAttempts.Add(new JobAttempt
            {
                JobId = job.Id,
                Number = job.Attempts,
                Status = job.Status,
                Provider = job.Provider,
                RequestId = job.RequestId,
                ErrorType = job.ErrorType,
                ErrorMessage = job.ErrorMessage,
                ErrorFieldsJson = job.ErrorFieldsJson,
                SubmittedAt = job.SubmittedAt,
                CompletedAt = job.CompletedAt,
                ActualCost = job.ActualCost,
            });
            job.Attempts++;
            job.Status = JobStatus.Pending;
            job.Provider = null;
            job.RequestId = null;
            job.QueuePosition = null;
            job.Progress = null;
            job.ErrorType = job.ErrorMessage = job.ErrorFieldsJson = null;
            job.SubmittedAt = job.StartedAt = job.CompletedAt = null;
            job.ActualCost = null;
            job.LogLinesJson = "[]";
        }, cancellationToken);

    /// <summary>Removes a job row (the caller deletes its files). In-flight jobs must be canceled first.</summary>
    public async Task<VideoJob?> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        VideoJob? job;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
            if (job is null) return null;
            if (job.Status.IsInFlight()) throw new InvalidOperationException($"Job {id} is '{job.Status.ToWire()}'; cancel it before deleting.");
            db.Jobs.Remove(job);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
        hub.Publish(new JobUpdate(job.Id, job.BatchId, null));
        return job;
    }

    /// <summary>
    /// Cancels every pending job of a batch in one write (10,000 rows would take minutes one by one). Jobs in flight are
    /// left to <see cref="JobRunner.CancelAsync"/>, which asks the provider first. Returns how many were canceled.
    /// </summary>
    public async Task<int> CancelPendingOfBatchAsync(Guid batchId, JobError reason, CancellationToken cancellationToken = default)
    {
        List<VideoJob> canceled;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            canceled = await db.Jobs.Include(j => j.PreviousAttempts)
                .Where(j => j.BatchId == batchId && j.Status == JobStatus.Pending).ToListAsync(cancellationToken);
            var now = time.GetUtcNow();
            foreach (var job in canceled)
            {
                job.Status = JobStatus.Canceled;
                job.CompletedAt = now;
                job.UpdatedAt = now;
                job.ErrorType = reason.Type;
                job.ErrorMessage = reason.Message;
                job.ErrorFieldsJson = JobViewMapper.WriteFields(reason.Fields);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
        foreach (var view in canceled.Select(j => j.ToView())) hub.Publish(new JobUpdate(view.Id, view.BatchId, view));
        return canceled.Count;
    }

    private async Task<JobView> WriteAsync(Guid id, Action<VideoJob> change, CancellationToken cancellationToken)
    {
        VideoJob job;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            job = await db.Jobs.Include(j => j.PreviousAttempts).FirstOrDefaultAsync(j => j.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"Job {id} does not exist.");
            change(job);
            job.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
        var view = job.ToView();
        hub.Publish(new JobUpdate(view.Id, view.BatchId, view));
        return view;
    }

    private static IQueryable<VideoJob> Filter(IQueryable<VideoJob> jobs, JobQuery query)
    {
        if (query.Statuses is { Count: > 0 } statuses) jobs = jobs.Where(j => statuses.Contains(j.Status));
        if (!string.IsNullOrWhiteSpace(query.Text)) jobs = jobs.Where(j => EF.Functions.Like(j.Prompt, $"%{query.Text.Trim()}%"));
        if (!string.IsNullOrWhiteSpace(query.Model)) jobs = jobs.Where(j => j.ModelId == query.Model);
        if (query.BatchId is { } batchId) jobs = jobs.Where(j => j.BatchId == batchId);
        if (query.From is { } from) jobs = jobs.Where(j => j.CreatedAt >= from);
        if (query.To is { } to) jobs = jobs.Where(j => j.CreatedAt < to);
        return jobs;
    }
}
