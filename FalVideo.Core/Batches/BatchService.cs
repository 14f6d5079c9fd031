using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Batches;

/// <summary>
/// The user's actions on batches, shared by the API and the Blazor state service: create one from a confirmed preview,
/// pause, resume, cancel, retry its failed rows, and re-run it with another model. Jobs are written only through the
/// <see cref="JobStore"/> and canceled through <see cref="JobCommands"/>; dispatch limits live in <see cref="BatchDispatchGate"/>.
/// </summary>
public sealed partial class BatchService(
    BatchStore batches,
    JobStore jobs,
    JobCommands commands,
    RunnerState runner,
    CsvPromptImporter importer,
    BatchFiles files,
    JobSpend spending,
    TimeProvider time,
    ILogger<BatchService> logger)
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>
    /// Creates a batch from a confirmed preview: only its valid rows become jobs (with their row and line numbers and
    /// estimates). The upload and the rejected rows are kept beside it. With <see cref="BatchRunOptions.Start"/> false
    /// the batch is created paused.
    /// </summary>
    public async Task<BatchView> CreateAsync(ImportResult preview, ReadOnlyMemory<byte> source, BatchRunOptions run, CancellationToken cancellationToken = default)
    {
        var optionErrors = run.Validate();
        if (optionErrors.Count > 0) throw new JobInputException(optionErrors);
        var valid = preview.ValidRows.ToList();
        if (valid.Count == 0)
        {
            throw new BatchStateException(BatchStateException.NoValidRows,
                $"None of the file's {preview.Rows.Count} rows is valid, so there is nothing to run. Download the rejected rows, fix them and upload the file again.");
        }

        var now = time.GetUtcNow();
        var batch = new Batch
        {
            Id = Guid.CreateVersion7(now),
            Name = string.IsNullOrWhiteSpace(run.Name) ? DefaultName(preview.FileName, now) : run.Name.Trim(),
            FileName = preview.FileName,
            ModelId = preview.ModelId,
            DefaultParametersJson = preview.DefaultParameters.ToJsonString(),
            // Created paused: a crash between the batch row and its jobs leaves nothing half-started.
            Status = BatchStatus.Paused,
            Encoding = preview.Encoding.Name,
            Delimiter = preview.DelimiterName,
            TotalRows = preview.Rows.Count,
            RejectedRows = preview.RejectedCount,
            BudgetCap = run.BudgetCap,
            MaxConcurrency = run.MaxConcurrency,
            SubmitDelaySeconds = run.SubmitDelaySeconds is > 0 ? run.SubmitDelaySeconds : null,
            CreatedAt = now,
            UpdatedAt = now,
        };

        Directory.CreateDirectory(files.Directory(batch.Id));
        await File.WriteAllBytesAsync(files.Source(batch.Id), source.ToArray(), cancellationToken);
        await WriteRejectedAsync(batch.Id, RejectedRows.From(preview), cancellationToken);
        await batches.InsertAsync(batch, cancellationToken);
        await jobs.CreateManyAsync(valid.Select(row => new NewJob(row.Prompt, row.ModelId, (JsonObject)row.Parameters.DeepClone(),
            batch.Id, row.RowNumber, row.Line, row.EstimatedCost)), cancellationToken);
        LogCreated(batch.Id, valid.Count, preview.RejectedCount, batch.ModelId);

        if (run.Start) return await ResumeAsync(batch.Id, cancellationToken);
        return (await GetAsync(batch.Id, cancellationToken))!;
    }

    public async Task<BatchView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await batches.GetAsync(id, cancellationToken) is { } batch ? await ViewAsync(batch, cancellationToken) : null;

    public async Task<IReadOnlyList<BatchView>> ListAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        var views = new List<BatchView>();
        foreach (var batch in await batches.ListAsync(take, cancellationToken)) views.Add(await ViewAsync(batch, cancellationToken));
        return views;
    }

    /// <summary>Stops dispatching the batch's jobs; jobs already with the provider finish.</summary>
    public Task<BatchView> PauseAsync(Guid id, CancellationToken cancellationToken = default) =>
        MoveAsync(id, BatchStatus.Paused, [BatchStatus.Running, BatchStatus.Paused], "paused", cancellationToken);

    public Task<BatchView> ResumeAsync(Guid id, CancellationToken cancellationToken = default) =>
        MoveAsync(id, BatchStatus.Running, [BatchStatus.Paused, BatchStatus.Running], "resumed", cancellationToken);

    /// <summary>
    /// Cancels the batch: it stops dispatching at once, its pending jobs are canceled in one write, and jobs in flight are
    /// canceled through the runner (fal's cancel when a request id exists). Finished jobs and their videos stay.
    /// </summary>
    public async Task<BatchView> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await MoveAsync(id, BatchStatus.Canceled, [BatchStatus.Running, BatchStatus.Paused, BatchStatus.Canceled, BatchStatus.Finished], "canceled", cancellationToken);
        var pending = await jobs.CancelPendingOfBatchAsync(id, new JobError(ErrorTypes.Canceled, "Canceled with its batch before it was sent."), cancellationToken);
        var inFlight = await batches.JobIdsAsync(id, [JobStatus.Submitting, JobStatus.Queued, JobStatus.Running, JobStatus.Downloading], cancellationToken);
        foreach (var jobId in inFlight)
        {
            try
            {
                await commands.CancelAsync(jobId, cancellationToken);
            }
            catch (IllegalTransitionException ex)
            {
                // It finished between the query and the cancel: nothing to stop, and its result is kept.
                logger.LogDebug(ex, "Job {JobId} of batch {BatchId} ended before its cancel", jobId, id);
            }
        }
        LogCanceled(id, pending, inFlight.Count);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>Puts the batch's failed rows (only those) back to pending and runs the batch again. Returns how many.</summary>
    public async Task<(BatchView Batch, int Retried)> RetryFailedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var batch = await batches.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"There is no batch {id}.");
        var failed = await batches.JobIdsAsync(id, [JobStatus.Failed], cancellationToken);
        foreach (var jobId in failed) await jobs.RetryAsync(jobId, cancellationToken);
        if (failed.Count > 0 && batch.Status != BatchStatus.Running)
        {
            await batches.UpdateAsync(id, b => b.Status = BatchStatus.Running, cancellationToken);
        }
        runner.Signal();
        LogRetried(id, failed.Count);
        return ((await GetAsync(id, cancellationToken))!, failed.Count);
    }

    /// <summary>
    /// Replaces the batch's own limits (null = none): jobs in flight, seconds between submits, budget cap. Raising the cap
    /// releases rows it was holding; the runner looks again at once.
    /// </summary>
    public async Task<BatchView> UpdateLimitsAsync(Guid id, int? maxConcurrency, double? submitDelaySeconds, decimal? budgetCap, CancellationToken cancellationToken = default)
    {
        var errors = new BatchRunOptions(null, maxConcurrency, submitDelaySeconds, budgetCap).Validate();
        if (errors.Count > 0) throw new JobInputException(errors);
        await batches.UpdateAsync(id, b =>
        {
            b.MaxConcurrency = maxConcurrency;
            b.SubmitDelaySeconds = submitDelaySeconds is > 0 ? submitDelaySeconds : null;
            b.BudgetCap = budgetCap;
        }, cancellationToken);
        runner.Signal();
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>
    /// Reads the batch's original upload again for another model (same encoding, the batch's defaults that the new model
    /// has): a new preview to confirm, from which <see cref="CreateAsync"/> makes a new batch.
    /// </summary>
    public async Task<(ImportResult Preview, byte[] Source)> PreviewRerunAsync(Guid id, string modelId, CancellationToken cancellationToken = default)
    {
        var batch = await batches.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"There is no batch {id}.");
        var path = files.Source(id);
        if (!File.Exists(path))
            throw new BatchStateException(BatchStateException.SourceMissing, $"The uploaded file of batch '{batch.Name}' is no longer in the data folder, so it cannot be re-run. Upload it again.");
        var source = await File.ReadAllBytesAsync(path, cancellationToken);
        var defaults = JobViewMapper.ParseParameters(batch.DefaultParametersJson);
        var model = importer.FindModel(modelId.Trim());
        if (model is not null)
        {
            foreach (var name in defaults.Select(p => p.Key).Where(name => model.Field(name) is null).ToList()) defaults.Remove(name);
        }
        var preview = importer.Import(source, new ImportRequest(modelId, defaults, batch.Encoding, batch.FileName), cancellationToken);
        return (preview, source);
    }

    /// <summary>The rows refused at import (empty when there were none).</summary>
    public async Task<RejectedRows> RejectedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var path = files.Rejected(id);
        if (!File.Exists(path)) return new RejectedRows(null, null, []);
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RejectedRows>(stream, FileJson, cancellationToken) ?? new RejectedRows(null, null, []);
    }

    private async Task WriteRejectedAsync(Guid id, RejectedRows rejected, CancellationToken cancellationToken)
    {
        var temp = files.Rejected(id) + ".part";
        await using (var stream = File.Create(temp))
        {
            await JsonSerializer.SerializeAsync(stream, rejected, FileJson, cancellationToken);
        }
        File.Move(temp, files.Rejected(id), overwrite: true);
    }

    private async Task<BatchView> MoveAsync(Guid id, BatchStatus to, BatchStatus[] from, string verb, CancellationToken cancellationToken)
    {
        var current = await batches.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"There is no batch {id}.");
        if (!from.Contains(current.Status))
        {
            throw new BatchStateException(BatchStateException.NotPossible,
                $"Batch '{current.Name}' is {current.Status.ToString().ToLowerInvariant()}, so it cannot be {verb}." +
                (current.Status == BatchStatus.Canceled ? " Its finished videos are kept; re-run it to generate the rest." : ""));
        }
        if (current.Status != to) await batches.UpdateAsync(id, b => b.Status = to, cancellationToken);
        runner.Signal();
        return (await GetAsync(id, cancellationToken))!;
    }

    private async Task<BatchView> ViewAsync(Batch batch, CancellationToken cancellationToken)
    {
        var query = new JobQuery { BatchId = batch.Id };
        var counts = BatchCounts.From(await jobs.CountByStatusAsync(query, cancellationToken));
        var spend = await jobs.SpendAsync(query, cancellationToken);
        var facts = await batches.ProgressFactsAsync(batch.Id, cancellationToken);
        var status = batch.Status == BatchStatus.Running && counts.Total > 0 && counts.Finished == counts.Total ? BatchStatus.Finished : batch.Status;
        var held = status == BatchStatus.Running && batch.BudgetCap is { } cap && counts.Pending > 0 && !spending.NewJobsAreFree
            && spend + (facts.CheapestPending ?? 0m) > cap;
        return new BatchView(batch.Id, batch.Name, batch.FileName, batch.ModelId, status, batch.Encoding, batch.Delimiter,
            batch.TotalRows, batch.RejectedRows, counts, spend, facts.EstimatedTotal, batch.BudgetCap, held,
            batch.MaxConcurrency, batch.SubmitDelaySeconds, Eta(status, counts, facts.FirstSubmittedAt), batch.CreatedAt, batch.UpdatedAt);
    }

    /// <summary>Remaining jobs at the rate observed since the first submit; null until one job has finished.</summary>
    private TimeSpan? Eta(BatchStatus status, BatchCounts counts, DateTimeOffset? firstSubmittedAt)
    {
        var done = counts.Completed + counts.Failed;
        var remaining = counts.Pending + counts.InFlight;
        if (status != BatchStatus.Running || firstSubmittedAt is not { } first || done == 0 || remaining == 0) return null;
        var elapsed = time.GetUtcNow() - first;
        if (elapsed <= TimeSpan.Zero) return null;
        return TimeSpan.FromTicks((long)(elapsed.Ticks / (double)done * remaining));
    }

    private static string DefaultName(string? fileName, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(fileName) ? $"Batch {now:yyyy-MM-dd HH:mm}" : Path.GetFileNameWithoutExtension(fileName);

    [LoggerMessage(LogLevel.Information, "Batch {BatchId} created: {Valid} jobs for {Model}, {Rejected} rows rejected")]
    private partial void LogCreated(Guid batchId, int valid, int rejected, string model);

    [LoggerMessage(LogLevel.Information, "Batch {BatchId} canceled: {Pending} pending jobs canceled, {InFlight} in flight asked to stop")]
    private partial void LogCanceled(Guid batchId, int pending, int inFlight);

    [LoggerMessage(LogLevel.Information, "Batch {BatchId}: {Count} failed rows put back to pending")]
    private partial void LogRetried(Guid batchId, int count);
}
