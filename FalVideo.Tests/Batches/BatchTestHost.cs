using FalVideo.Core.Batches;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Batches;

/// <summary>Batch helpers over a <see cref="CoreHost"/>: import a file, create a batch, wait on its summary via the hub.</summary>
internal static class BatchTestHost
{
    public static BatchService Batches(this CoreHost host) => host.Services.GetRequiredService<BatchService>();
    public static CsvPromptImporter Importer(this CoreHost host) => host.Services.GetRequiredService<CsvPromptImporter>();

    public static async Task<BatchView> CreateBatchAsync(this CoreHost host, string csv, BatchRunOptions? run = null, ImportRequest? request = null)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(csv);
        var preview = host.Importer().Import(bytes, request ?? new ImportRequest(FileName: "test.csv"), TestContext.Current.CancellationToken);
        return await host.Batches().CreateAsync(preview, bytes, run ?? new BatchRunOptions(), TestContext.Current.CancellationToken);
    }

    public static string Csv(int rows, string header = "prompt", Func<int, string>? row = null) =>
        header + "\n" + string.Concat(Enumerable.Range(1, rows).Select(i => (row?.Invoke(i) ?? $"batch prompt {i}: a lighthouse at dusk") + "\n"));

    /// <summary>Waits (woken by job updates on the hub, re-reading the summary each time) until the batch satisfies the condition.</summary>
    public static async Task<BatchView> WaitForBatchAsync(this CoreHost host, Guid batchId, Func<BatchView, bool> condition, TimeSpan? timeout = null)
    {
        using var subscription = host.Hub.Subscribe(capacity: 4096);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        var batches = host.Batches();
        var current = await batches.GetAsync(batchId, cts.Token);
        if (current is not null && condition(current)) return current;
        try
        {
            await foreach (var update in subscription.Reader.ReadAllAsync(cts.Token))
            {
                if (update.BatchId != batchId) continue;
                current = await batches.GetAsync(batchId, cts.Token);
                if (current is not null && condition(current)) return current;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }
        current = await batches.GetAsync(batchId, CancellationToken.None);
        throw new TimeoutException($"Batch {batchId} never reached the expected state; last seen {current?.Status} {current?.Counts}");
    }
}
