using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsvHelper;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using FalVideo.Core.Media;

namespace FalVideo.Core.Batches;

/// <summary>
/// A batch's outputs, written straight to a stream (an HTTP response): a ZIP with <c>{row:0000}_{slug}.mp4</c> for each
/// finished row plus <c>manifest.csv</c> and <c>manifest.json</c>, or a manifest alone. The ZIP is written in Create mode
/// over the (non-seekable) output with async I/O, videos stored without recompression and copied file by file, jobs read a
/// page at a time — memory stays constant whatever the batch size. The CSV manifest escapes cells a spreadsheet would run
/// as a formula (= + - @ tab CR) with a leading apostrophe, as OWASP recommends.
/// </summary>
public sealed class BatchArchive(BatchStore batches, BatchService service)
{
    // Manifests are read by people in spreadsheets and editors: Japanese stays Japanese, not \uXXXX escapes.
    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int CopyBufferSize = 128 * 1024;

    public static string VideoEntryName(int row, string prompt) => $"{row:0000}_{Slug.From(prompt, 40)}.mp4";

    public async Task WriteZipAsync(Guid batchId, Stream output, CancellationToken cancellationToken = default)
    {
        var rejected = await service.RejectedAsync(batchId, cancellationToken);
        await using var target = new DeferredSyncWriteStream(output);
        await using (var zip = await ZipArchive.CreateAsync(target, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8, cancellationToken))
        {
            await foreach (var job in batches.JobsAsync(batchId, cancellationToken))
            {
                if (VideoOf(job) is not { } path) continue;
                var entry = zip.CreateEntry(VideoEntryName(job.RowNumber ?? 0, job.Prompt), CompressionLevel.NoCompression);
                if (job.CompletedAt is { } completed) entry.LastWriteTime = completed;
                await using var entryStream = await entry.OpenAsync(cancellationToken);
                await using var video = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await video.CopyToAsync(entryStream, CopyBufferSize, cancellationToken);
            }
            var csvEntry = zip.CreateEntry("manifest.csv", CompressionLevel.Optimal);
            await using (var csv = await csvEntry.OpenAsync(cancellationToken))
            {
                await WriteManifestCsvAsync(batchId, rejected, csv, cancellationToken);
            }
            var jsonEntry = zip.CreateEntry("manifest.json", CompressionLevel.Optimal);
            await using (var json = await jsonEntry.OpenAsync(cancellationToken))
            {
                await WriteManifestJsonAsync(batchId, rejected, json, cancellationToken);
            }
        }
        await target.FlushAsync(cancellationToken);
    }

    public async Task WriteManifestCsvAsync(Guid batchId, Stream output, CancellationToken cancellationToken = default) =>
        await WriteManifestCsvAsync(batchId, await service.RejectedAsync(batchId, cancellationToken), output, cancellationToken);

    public async Task WriteManifestJsonAsync(Guid batchId, Stream output, CancellationToken cancellationToken = default) =>
        await WriteManifestJsonAsync(batchId, await service.RejectedAsync(batchId, cancellationToken), output, cancellationToken);

    private async Task WriteManifestCsvAsync(Guid batchId, RejectedRows rejected, Stream output, CancellationToken cancellationToken)
    {
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        foreach (var name in (string[])["row", "line", "prompt", "model", "parameters", "status", "error", "request_id", "seed", "file", "duration", "cost", "cost_is_estimate"])
        {
            csv.WriteField(name);
        }
        await csv.EndRecordAsync(cancellationToken);
        await foreach (var entry in EntriesAsync(batchId, rejected, cancellationToken))
        {
            csv.WriteField(entry.Row);
            csv.WriteField(entry.Line);
            csv.WriteField(entry.Prompt);
            csv.WriteField(entry.Model);
            csv.WriteField(entry.Parameters.ToJsonString(ReadableJson));
            csv.WriteField(entry.Status);
            csv.WriteField(entry.Error);
            csv.WriteField(entry.RequestId);
            csv.WriteField(entry.Seed);
            csv.WriteField(entry.File);
            csv.WriteField(entry.DurationSeconds);
            csv.WriteField(entry.Cost);
            csv.WriteField(entry.Cost is null ? "" : entry.CostIsEstimate ? "true" : "false");
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private async Task WriteManifestJsonAsync(Guid batchId, RejectedRows rejected, Stream output, CancellationToken cancellationToken)
    {
        var batch = await batches.GetAsync(batchId, cancellationToken) ?? throw new KeyNotFoundException($"There is no batch {batchId}.");
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ReadableJson.Encoder });
        json.WriteStartObject();
        json.WriteString("batchId", batch.Id);
        json.WriteString("name", batch.Name);
        json.WriteString("fileName", batch.FileName);
        json.WriteString("model", batch.ModelId);
        json.WriteString("createdAt", batch.CreatedAt);
        json.WriteNumber("totalRows", batch.TotalRows);
        json.WriteNumber("rejectedRows", batch.RejectedRows);
        json.WriteStartArray("rows");
        await foreach (var entry in EntriesAsync(batchId, rejected, cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("row", entry.Row);
            if (entry.Line is { } line) json.WriteNumber("line", line); else json.WriteNull("line");
            json.WriteString("prompt", entry.Prompt);
            json.WriteString("model", entry.Model);
            json.WritePropertyName("parameters");
            entry.Parameters.WriteTo(json);
            json.WriteString("status", entry.Status);
            json.WriteString("error", entry.Error);
            json.WriteString("requestId", entry.RequestId);
            if (entry.Seed is { } seed) json.WriteNumber("seed", seed); else json.WriteNull("seed");
            json.WriteString("file", entry.File);
            if (entry.DurationSeconds is { } duration) json.WriteNumber("duration", duration); else json.WriteNull("duration");
            if (entry.Cost is { } cost) json.WriteNumber("cost", cost); else json.WriteNull("cost");
            json.WriteBoolean("costIsEstimate", entry.CostIsEstimate);
            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024) await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>Jobs and rejected rows merged in row order.</summary>
    private async IAsyncEnumerable<ManifestEntry> EntriesAsync(Guid batchId, RejectedRows rejected, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pendingRejected = new Queue<RejectedRow>(rejected.Rows.OrderBy(r => r.RowNumber));
        await foreach (var job in batches.JobsAsync(batchId, cancellationToken))
        {
            while (pendingRejected.TryPeek(out var next) && next.RowNumber < (job.RowNumber ?? int.MaxValue)) yield return Rejected(pendingRejected.Dequeue());
            yield return FromJob(job);
        }
        while (pendingRejected.TryDequeue(out var rest)) yield return Rejected(rest);
    }

    private static ManifestEntry FromJob(VideoJob job)
    {
        var cost = JobSpend.CostOf(job);
        return new ManifestEntry(job.RowNumber ?? 0, job.LineNumber, job.Prompt, job.ModelId, JobViewMapper.ParseParameters(job.ParametersJson),
            job.Status.ToWire(), job.ErrorMessage, job.RequestId, job.Seed,
            VideoOf(job) is not null ? VideoEntryName(job.RowNumber ?? 0, job.Prompt) : null,
            job.DurationSeconds, cost, job.ActualCost is null && cost is not null);
    }

    private static ManifestEntry Rejected(RejectedRow row) =>
        new(row.RowNumber, row.Line, row.Prompt, null, [], "rejected", string.Join(" ", row.Errors), null, null, null, null, null, false);

    private static string? VideoOf(VideoJob job) =>
        job.Status == JobStatus.Completed && job.VideoPath is { } path && File.Exists(path) ? path : null;
}
