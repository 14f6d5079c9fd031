using System.Text.Json.Nodes;
using FalVideo.Core.Configuration;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Media;
using FalVideo.Core.Media.Offline;
using Microsoft.Extensions.Logging.Abstractions;

namespace FalVideo.Tests.Media;

public sealed class OfflineVideoGeneratorTests : IDisposable
{
    private readonly OfflineFonts _fonts = new();
    private readonly DataPaths _paths;

    public OfflineVideoGeneratorTests()
    {
        _paths = new DataPaths(Directory.CreateTempSubdirectory("falvideo-offline-").FullName);
        _paths.EnsureCreated();
    }

    [Fact]
    public async Task Submit_ReturnsTheHandleAtOnce_WithoutRendering()
    {
        var request = Request("In a still frame, a pear");

        var handle = await Generator().SubmitAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal($"offline-{request.JobId}", handle.RequestId);
        Assert.Same(request, handle.Request);
        Assert.Empty(Directory.GetFiles(_paths.Videos));
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_ReportsEveryFrame_ThenCompleted_AndTheResultMovesToTheDestination()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = Generator();
        var request = Request("In a still frame, a pear", new JsonObject { ["seed"] = 17591060 });
        var handle = await generator.SubmitAsync(request, ct);

        var updates = new List<GenerationUpdate>();
        await foreach (var update in generator.WatchAsync(handle, ct)) updates.Add(update);

        Assert.IsType<GenerationUpdate.Completed>(updates[^1]);
        var running = updates.OfType<GenerationUpdate.Running>().ToList();
        Assert.Equal(updates.Count - 1, running.Count);
        Assert.Equal(0, running[0].Progress);
        Assert.Contains("not AI-generated", Assert.Single(running[0].NewLogLines));
        var progress = running.Select(r => r.Progress!.Value).ToList();
        Assert.Equal(progress.Order(), progress);
        // One update per frame written: 1/81, 2/81, … 81/81.
        Assert.Equal(Enumerable.Range(1, 81).Select(frames => frames / 81.0), progress.Where(p => p > 0).Distinct());
        Assert.Equal(1, progress[^1]);

        var result = await generator.FetchResultAsync(handle, ct);
        Assert.True(result.VideoUri.IsFile);
        Assert.Equal(17591060, result.Seed);
        Assert.Equal(0m, result.Cost);
        Assert.Equal("video/mp4", result.ContentType);
        Assert.Equal(new FileInfo(result.VideoUri.LocalPath).Length, result.FileSize);

        var destination = _paths.TempVideoFile(request.JobId);
        var reported = new List<double>();
        await generator.DownloadVideoAsync(result, destination, new SynchronousProgress(reported.Add), ct);
        Assert.False(File.Exists(result.VideoUri.LocalPath));
        Assert.Equal([1.0], reported);
        var probe = await Mp4Probe.ReadAsync(destination, ct);
        Assert.Equal(("h264", 832, 480, 81), (probe.Codec, probe.Width, probe.Height, probe.DecodedFrames));
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_WithoutSeed_ReportsTheSeedDerivedFromThePrompt()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = Generator();
        var handle = await generator.SubmitAsync(Request("A tranquil tableau of an antique bowl"), ct);

        await foreach (var _ in generator.WatchAsync(handle, ct)) { }
        var result = await generator.FetchResultAsync(handle, ct);

        Assert.Equal(PromptSeed.From("A tranquil tableau of an antique bowl"), result.Seed);
        Assert.Equal(true, result.Raw?["seedFromPrompt"]?.GetValue<bool>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Cancel_StopsTheRender_AndLeavesNoFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = Generator();
        var handle = await generator.SubmitAsync(Request("In a still frame, a pear"), ct);
        var seen = new List<GenerationUpdate>();

        var watching = Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in generator.WatchAsync(handle, ct))
            {
                seen.Add(update);
                if (update is GenerationUpdate.Running { Progress: 5 / 81.0 })
                {
                    Assert.Equal(CancelOutcome.CancellationRequested, await generator.CancelAsync(handle, ct));
                }
            }
        });
        await watching;

        Assert.DoesNotContain(seen, u => u is GenerationUpdate.Completed);
        Assert.True(seen.OfType<GenerationUpdate.Running>().Max(r => r.Progress) < 1, "the render ran to the end");
        Assert.Empty(Directory.GetFiles(_paths.Videos));
        await Assert.ThrowsAsync<GenerationException>(() => generator.FetchResultAsync(handle, ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_WhenTheWatcherLeavesEarly_StopsTheRender()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = Generator();
        var handle = await generator.SubmitAsync(Request("In a still frame, a pear"), ct);

        await foreach (var update in generator.WatchAsync(handle, ct))
        {
            if (update is GenerationUpdate.Running { Progress: > 0 }) break;
        }

        Assert.Empty(Directory.GetFiles(_paths.Videos));
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_AfterRestart_RendersAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = Request("In a still frame, a pear");
        var handle = await Generator().SubmitAsync(request, ct);

        // A new generator (as after a restart) on the stored handle: the render simply happens again.
        var restarted = Generator();
        var updates = new List<GenerationUpdate>();
        await foreach (var update in restarted.WatchAsync(new GenerationHandle(handle.RequestId, request), ct)) updates.Add(update);

        Assert.IsType<GenerationUpdate.Completed>(updates[^1]);
        Assert.True((await restarted.FetchResultAsync(handle, ct)).FileSize > 0);
    }

    [Fact]
    public async Task Watch_WithoutFfmpeg_FailsSayingHowToInstallIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = Generator(new FfmpegAvailability(() => false));
        var handle = await generator.SubmitAsync(Request("a pear"), ct);

        var updates = new List<GenerationUpdate>();
        await foreach (var update in generator.WatchAsync(handle, ct)) updates.Add(update);

        var failed = Assert.IsType<GenerationUpdate.Failed>(Assert.Single(updates));
        Assert.Equal(ErrorTypes.FfmpegMissing, failed.Error.Type);
        Assert.Equal(FfmpegAvailability.InstallHint, failed.Error.Message);
        Assert.Contains("FAL_KEY", failed.Error.Message);
    }

    [Fact]
    public async Task Fetch_BeforeRendering_FailsWithARenderError()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = Generator();
        var handle = await generator.SubmitAsync(Request("a pear"), ct);

        var error = await Assert.ThrowsAsync<GenerationException>(() => generator.FetchResultAsync(handle, ct));

        Assert.Equal(ErrorTypes.Render, error.Error.Type);
    }

    [Fact]
    public async Task Download_RefusesFilesItDidNotRender()
    {
        var outside = Path.GetTempFileName();
        try
        {
            var result = new GenerationResult(new Uri(outside));

            await Assert.ThrowsAsync<ArgumentException>(() =>
                Generator().DownloadVideoAsync(result, Path.Combine(_paths.Videos, "x.mp4"), cancellationToken: TestContext.Current.CancellationToken));
            Assert.True(File.Exists(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    private OfflineVideoGenerator Generator(FfmpegAvailability? ffmpeg = null) =>
        new(new OfflineRenderer(_fonts), _paths, ffmpeg ?? new FfmpegAvailability(), TimeProvider.System, NullLogger<OfflineVideoGenerator>.Instance);

    private static GenerationRequest Request(string prompt, JsonObject? parameters = null) =>
        new(Guid.NewGuid(), "fal-ai/wan/v2.1/1.3b/text-to-video", prompt, parameters ?? []);

    public void Dispose()
    {
        _fonts.Dispose();
        Directory.Delete(_paths.Root, recursive: true);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline so the test can assert right after.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
