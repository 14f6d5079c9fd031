using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Media;

/// <summary>The whole app with no fal key: a prompt posted to the API comes back as a real, labelled offline MP4.</summary>
public sealed class OfflineEndToEndTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly FalVideoAppFactory _app = new();

    [Fact(Timeout = 90_000)]
    public async Task FirstVBenchPrompt_BecomesAPlayable832x480Mp4_WithPoster()
    {
        var ct = TestContext.Current.CancellationToken;
        var prompt = await FirstPromptAsync(ct);
        using var client = _app.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/jobs", new { prompt }, ct);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<Guid>();

        var job = await PollUntilAsync(client, id, j => j["status"]!.GetValue<string>() is "completed" or "failed" or "canceled" or "interrupted", ct);
        Assert.True(job["status"]!.GetValue<string>() == "completed", $"job ended {job.ToJsonString()}");
        Assert.Equal(prompt, job["prompt"]!.GetValue<string>());
        Assert.Equal("offline", job["provider"]!.GetValue<string>());
        Assert.Equal($"offline-{id}", job["requestId"]!.GetValue<string>());
        Assert.Equal((832, 480), (job["width"]!.GetValue<int>(), job["height"]!.GetValue<int>()));
        Assert.Equal(5.06, job["durationSeconds"]!.GetValue<double>(), 0.02);
        Assert.NotNull(job["seed"]);
        Assert.Equal(0m, job["actualCost"]!.GetValue<decimal>());

        using var video = await client.GetAsync($"/api/jobs/{id}/video", ct);
        Assert.Equal(HttpStatusCode.OK, video.StatusCode);
        Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
        var downloaded = Path.Combine(_app.DataDirectory, "downloaded.mp4");
        await File.WriteAllBytesAsync(downloaded, await video.Content.ReadAsByteArrayAsync(ct), ct);
        var probe = await Mp4Probe.ReadAsync(downloaded, ct);
        Assert.Equal(("h264", 832, 480, "yuv420p", 81), (probe.Codec, probe.Width, probe.Height, probe.PixelFormat, probe.DecodedFrames));
        Assert.True(probe.IsFastStart);

        using var poster = await client.GetAsync($"/api/jobs/{id}/poster", ct);
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
        Assert.True((await poster.Content.ReadAsByteArrayAsync(ct)).Length > 1000);

        // Nothing of the render is left behind beside the kept video, poster and sidecar.
        Assert.Equal([$"{id}.jpg", $"{id}.json", $"{id}.mp4"],
            Directory.GetFiles(Path.Combine(_app.DataDirectory, "videos")).Select(Path.GetFileName).Order());
    }

    [Fact(Timeout = 90_000)]
    public async Task Cancel_WhileRendering_EndsCanceled_AndLeavesNoFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var hub = _app.Services.GetRequiredService<JobUpdateHub>();
        using var updates = hub.Subscribe();
        using var client = _app.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/jobs", new { prompt = "A tranquil tableau of an antique bowl" }, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<Guid>();
        // Cancel as soon as the store says frames are being rendered.
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            deadline.CancelAfter(Deadline);
            await foreach (var update in updates.Reader.ReadAllAsync(deadline.Token))
            {
                if (update.JobId == id && update.Job is { Status: JobStatus.Running, Progress: > 0 and < 1 }) break;
            }
        }

        using var canceled = await client.PostAsync($"/api/jobs/{id}/cancel", null, ct);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);

        // Once the runner has let go of it, the job is still canceled (not failed or completed) and nothing was kept.
        var health = await PollAsync(client, "/api/health", h => h["inFlight"]!.GetValue<int>() == 0, ct);
        var job = await client.GetFromJsonAsync<JsonObject>($"/api/jobs/{id}", ct);
        Assert.True(job!["status"]!.GetValue<string>() == "canceled", $"job: {job.ToJsonString()}, health: {health.ToJsonString()}");
        Assert.False(job["hasVideo"]!.GetValue<bool>());
        Assert.Empty(Directory.GetFiles(Path.Combine(_app.DataDirectory, "videos")));
    }

    private static Task<JsonObject> PollUntilAsync(HttpClient client, Guid id, Func<JsonObject, bool> done, CancellationToken ct) =>
        PollAsync(client, $"/api/jobs/{id}", done, ct);

    /// <summary>Polls the API (jobs run on the app's background runner) until <paramref name="done"/> holds or the deadline passes.</summary>
    private static async Task<JsonObject> PollAsync(HttpClient client, string url, Func<JsonObject, bool> done, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        JsonObject? last = null;
        try
        {
            while (true)
            {
                var current = await client.GetFromJsonAsync<JsonObject>(url, deadline.Token) ?? throw new InvalidDataException($"{url} returned null");
                last = current;
                if (done(current)) return current;
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{url} did not reach the expected state within {Deadline.TotalSeconds} s; last seen: {last?.ToJsonString()}");
        }
    }

    private static async Task<string> FirstPromptAsync(CancellationToken ct)
    {
        await using var csv = CsvReader.Create(File.OpenText(TestFiles.Path("vbench_sample50.csv")), new CsvReaderOptions(), leaveOpen: false);
        await csv.ReadHeaderAsync(ct);
        Assert.True(await csv.ReadAsync(ct));
        return csv.GetString("prompt");
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_app.DataDirectory, recursive: true);
    }
}
