using System.Text.Json.Nodes;
using FalVideo.Core.Batches;
using FalVideo.Core.Catalog;
using FalVideo.Core.Generation;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;

namespace FalVideo.Blazor.State;

/// <summary>
/// One per circuit (scoped): everything the Batches pages do, so components never touch files or the database.
/// Holds the preview being confirmed (with the uploaded bytes, so the encoding, model or defaults can be changed
/// without uploading again) and follows one batch live: a pump drains this circuit's newest-wins hub channel, patches
/// the rows, and publishes a new <see cref="Watched"/> snapshot at most four times a second (<see cref="RenderInterval"/>,
/// on <see cref="TimeProvider"/>), re-reading the summary from the store. A burst too large for the channel, a batch
/// change made elsewhere (API, another tab) or a command reloads the rows from the store, which stays the truth.
/// <see cref="Changed"/> is raised off the renderer's thread: components use <c>InvokeAsync</c>.
/// </summary>
public sealed partial class BatchStateService : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);
    private const int ChannelCapacity = 4096;
    private const int ReloadAfterUpdates = ChannelCapacity / 2;

    private readonly CsvPromptImporter _importer;
    private readonly BatchService _batches;
    private readonly BatchStore _store;
    private readonly JobUpdateHub _hub;
    private readonly ImportPreviewCache _previews;
    private readonly TimeProvider _time;
    private readonly GeneratorRegistry _generators;
    private readonly ILogger<BatchStateService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _watchLock = new(1, 1);

    private byte[]? _source;
    private ImportRequest _request = new();
    private Guid? _watchedId;
    private BatchRowView[] _rows = [];
    private Dictionary<Guid, int> _rowIndex = [];
    private JobUpdateSubscription? _subscription;
    private Task? _pump;
    private long _version;
    private int _disposed;

    public BatchStateService(
        CsvPromptImporter importer,
        BatchService batches,
        BatchStore store,
        JobUpdateHub hub,
        ImportPreviewCache previews,
        ModelCatalog catalog,
        DefaultModel defaultModel,
        GeneratorRegistry generators,
        TimeProvider time,
        ILogger<BatchStateService> logger)
    {
        _importer = importer;
        _batches = batches;
        _store = store;
        _hub = hub;
        _previews = previews;
        _time = time;
        _logger = logger;
        Models = catalog.Models;
        DefaultModelId = defaultModel.Id;
        _generators = generators;
        _store.Changed += OnBatchRowChanged;
    }

    /// <summary>Raised (off the renderer's thread) when <see cref="Preview"/>, <see cref="Refusal"/> or <see cref="Watched"/> changed.</summary>
    public event Action? Changed;

    public IReadOnlyList<ModelDefinition> Models { get; }
    public string DefaultModelId { get; }
    public long MaxFileBytes => _importer.Options.MaxFileBytes;

    /// <summary>New jobs go to the offline renderer (free, labelled previews), so fal prices are only what fal would charge.</summary>
    public bool RunsOffline => _generators.CurrentName == GeneratorRegistry.Offline;
    public int MaxRows => _importer.Options.MaxRows;

    public BatchPreviewState? Preview { get; private set; }

    /// <summary>True when an upload is held, so it can be read again (another encoding, model or defaults) without dropping it again.</summary>
    public bool CanReadAgain => _source is not null;

    /// <summary>Why the last upload was refused as a whole; null when it was not.</summary>
    public ImportRefusal? Refusal { get; private set; }

    public bool IsImporting { get; private set; }

    public BatchWatchSnapshot? Watched { get; private set; }

    /// <summary>The model, defaults and encoding the next import uses (kept when a new file is dropped).</summary>
    public ImportRequest Request => _request;

    /// <summary>Reads an upload (at most <see cref="MaxFileBytes"/>) and validates it into <see cref="Preview"/>, or sets <see cref="Refusal"/>.</summary>
    public async Task LoadFileAsync(Func<long, Stream> open, string fileName, long size, CancellationToken cancellationToken = default)
    {
        Preview = null;
        Refusal = null;
        _source = null;
        if (size > MaxFileBytes)
        {
            Refusal = CsvPromptImporter.TooLarge(size, MaxFileBytes).Refusal;
            Raise();
            return;
        }
        IsImporting = true;
        Raise();
        try
        {
            await using var stream = open(MaxFileBytes + 1);
            _source = await CsvPromptImporter.ReadLimitedAsync(stream, MaxFileBytes, cancellationToken);
            // A dropped file starts with the detected encoding; model and defaults carry over from the last preview.
            _request = _request with { Encoding = null, FileName = fileName };
            await ImportAsync(null, cancellationToken);
        }
        catch (ImportRefusedException ex)
        {
            Refusal = ex.Refusal;
        }
        finally
        {
            IsImporting = false;
            Raise();
        }
    }

    /// <summary>Validates the same upload again with another encoding, model or default parameters (null keeps the current one).</summary>
    public async Task ChangeAsync(string? encoding = null, string? modelId = null, JsonObject? defaults = null, CancellationToken cancellationToken = default)
    {
        if (_source is null) return;
        _request = _request with
        {
            Encoding = encoding ?? _request.Encoding,
            ModelId = modelId ?? _request.ModelId,
            DefaultParameters = defaults ?? (modelId is null ? _request.DefaultParameters : KeepFields(_request.DefaultParameters, modelId)),
        };
        IsImporting = true;
        Raise();
        try
        {
            await ImportAsync(Preview?.RerunOf, cancellationToken);
            Refusal = null;
        }
        catch (ImportRefusedException ex)
        {
            // The previous preview stays: the user sees why the change was refused and can choose again.
            Refusal = ex.Refusal;
        }
        finally
        {
            IsImporting = false;
            Raise();
        }
    }

    public void ClearPreview()
    {
        Preview = null;
        Refusal = null;
        _source = null;
        Raise();
    }

    /// <summary>Creates and (unless told otherwise) starts the batch from the current preview; only its valid rows are queued.</summary>
    public async Task<BatchView> StartAsync(BatchRunOptions run, CancellationToken cancellationToken = default)
    {
        var preview = Preview ?? throw new InvalidOperationException("There is no preview to start.");
        var batch = await _batches.CreateAsync(preview.Result, _source!, run, cancellationToken);
        ClearPreview();
        return batch;
    }

    /// <summary>Re-reads a batch's upload for another model into <see cref="Preview"/>, to confirm as a new batch.</summary>
    public async Task PreviewRerunAsync(Guid batchId, string modelId, CancellationToken cancellationToken = default)
    {
        Refusal = null;
        try
        {
            var (preview, source) = await _batches.PreviewRerunAsync(batchId, modelId, cancellationToken);
            _source = source;
            _request = new ImportRequest(preview.ModelId, preview.DefaultParameters, preview.Encoding.Name, preview.FileName);
            Preview = new BatchPreviewState(preview, _previews.Add(preview), preview.FileName ?? "", source.Length, batchId);
        }
        catch (ImportRefusedException ex)
        {
            Refusal = ex.Refusal;
        }
        Raise();
    }

    public Task<IReadOnlyList<BatchView>> ListAsync(CancellationToken cancellationToken = default) => _batches.ListAsync(100, cancellationToken);

    /// <summary>Follows a batch: loads it and its rows from the store, then keeps <see cref="Watched"/> current from the hub.</summary>
    public async Task<bool> WatchAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        _subscription ??= _hub.Subscribe(ChannelCapacity); // before loading, so nothing published meanwhile is missed
        _watchedId = batchId;
        if (!await ReloadAsync(cancellationToken)) return false;
        _pump ??= Task.Run(() => PumpAsync(_stopping.Token), CancellationToken.None);
        return true;
    }

    public Task PauseAsync() => CommandAsync(id => _batches.PauseAsync(id, _stopping.Token));
    public Task ResumeAsync() => CommandAsync(id => _batches.ResumeAsync(id, _stopping.Token));
    public Task CancelAsync() => CommandAsync(id => _batches.CancelAsync(id, _stopping.Token));

    /// <summary>Replaces the watched batch's limits (null = none); raising the cap releases held rows.</summary>
    public Task UpdateLimitsAsync(int? maxConcurrency, double? submitDelaySeconds, decimal? budgetCap) =>
        CommandAsync(id => _batches.UpdateLimitsAsync(id, maxConcurrency, submitDelaySeconds, budgetCap, _stopping.Token));

    /// <summary>Retries the watched batch's failed rows; returns how many.</summary>
    public async Task<int> RetryFailedAsync()
    {
        if (_watchedId is not { } id) return 0;
        var (_, retried) = await _batches.RetryFailedAsync(id, _stopping.Token);
        await ReloadAsync(_stopping.Token);
        return retried;
    }

    private async Task CommandAsync(Func<Guid, Task<BatchView>> command)
    {
        if (_watchedId is not { } id) return;
        await command(id);
        await ReloadAsync(_stopping.Token);
    }

    private async Task ImportAsync(Guid? rerunOf, CancellationToken cancellationToken)
    {
        var source = _source!;
        var request = _request;
        // Parsing 10,000 rows takes a few hundred milliseconds: keep it off the circuit's thread.
        var result = await Task.Run(() => _importer.Import(source, request, cancellationToken), cancellationToken);
        Preview = new BatchPreviewState(result, _previews.Add(result), request.FileName ?? "", source.Length, rerunOf);
    }

    private JsonObject? KeepFields(JsonObject? defaults, string modelId)
    {
        if (defaults is null || Models.FirstOrDefault(m => m.Id == modelId) is not { } model) return null;
        var kept = new JsonObject();
        foreach (var (name, value) in defaults)
        {
            if (model.Field(name) is not null && value is not null) kept[name] = value.DeepClone();
        }
        return kept;
    }

    private async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        if (_watchedId is not { } id) return false;
        await _watchLock.WaitAsync(cancellationToken);
        try
        {
            var batch = await _batches.GetAsync(id, cancellationToken);
            if (batch is null)
            {
                Watched = null;
                return false;
            }
            var rows = new List<BatchRowView>(batch.Counts.Total);
            await foreach (var job in _store.JobsAsync(id, cancellationToken)) rows.Add(BatchRowView.From(job, RunsOffline));
            _rows = [.. rows];
            _rowIndex = rows.Select((r, i) => (r.JobId, i)).ToDictionary(x => x.JobId, x => x.i);
            Publish(batch);
            return true;
        }
        finally
        {
            _watchLock.Release();
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var reader = _subscription!.Reader;
        var lastFlush = DateTimeOffset.MinValue;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var applied = await DrainAsync(reader, cancellationToken);
                if (applied == 0) continue;
                // Coalesce: everything that arrives within a render interval goes out in one snapshot.
                var wait = lastFlush + RenderInterval - _time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken);
                applied += await DrainAsync(reader, cancellationToken);
                if (applied >= ReloadAfterUpdates)
                {
                    await ReloadAsync(cancellationToken);
                }
                else
                {
                    await FlushAsync(cancellationToken);
                }
                lastFlush = _time.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The page keeps its last snapshot; a reload (navigation) rebuilds it from the store.
            LogPumpFailed(ex, _watchedId);
        }
    }

    /// <summary>Applies queued updates of the watched batch to the rows (under the lock); returns how many applied.</summary>
    private async Task<int> DrainAsync(System.Threading.Channels.ChannelReader<JobUpdate> reader, CancellationToken cancellationToken)
    {
        var applied = 0;
        await _watchLock.WaitAsync(cancellationToken);
        try
        {
            while (reader.TryRead(out var update))
            {
                if (update.BatchId is not { } batchId || batchId != _watchedId) continue;
                applied++;
                if (update.Job is { } job && _rowIndex.TryGetValue(job.Id, out var index))
                {
                    _rows[index] = _rows[index].With(job, RunsOffline);
                }
            }
        }
        finally
        {
            _watchLock.Release();
        }
        return applied;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_watchedId is not { } id) return;
        var batch = await _batches.GetAsync(id, cancellationToken);
        if (batch is null) return;
        await _watchLock.WaitAsync(cancellationToken);
        try
        {
            Publish(batch);
        }
        finally
        {
            _watchLock.Release();
        }
    }

    private void Publish(BatchView batch)
    {
        Watched = new BatchWatchSnapshot(batch, [.. _rows], Interlocked.Increment(ref _version));
        Raise();
    }

    private void OnBatchRowChanged(Guid batchId)
    {
        if (batchId != _watchedId || _stopping.IsCancellationRequested) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await ReloadAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                LogPumpFailed(ex, batchId);
            }
        });
    }

    private void Raise() => Changed?.Invoke();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _store.Changed -= OnBatchRowChanged;
        _stopping.Cancel();
        _subscription?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_pump is { } pump) await pump;
        _stopping.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Live view of batch {BatchId} stopped updating")]
    private partial void LogPumpFailed(Exception ex, Guid? batchId);
}
