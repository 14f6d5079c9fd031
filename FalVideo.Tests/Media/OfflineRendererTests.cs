using System.Text.Json.Nodes;
using FalVideo.Core.Generation;
using FalVideo.Core.Media.Offline;

namespace FalVideo.Tests.Media;

public sealed class OfflineRendererTests : IDisposable
{
    private readonly OfflineFonts _fonts = new();
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("falvideo-render-");

    [Fact(Timeout = 60_000)]
    public async Task Render_Default_IsH264Yuv420p_832x480_81Frames_5Seconds_FastStart()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_output.FullName, "pear.mp4");
        var framesWritten = new List<int>();

        await new OfflineRenderer(_fonts).RenderAsync(Clip("In a still frame, a pear", "16:9"), path, framesWritten.Add, ct);

        var probe = await Mp4Probe.ReadAsync(path, ct);
        Assert.Equal("h264", probe.Codec);
        Assert.Equal((832, 480), (probe.Width, probe.Height));
        Assert.Equal("yuv420p", probe.PixelFormat);
        Assert.Equal(81, probe.DecodedFrames);
        Assert.Equal(16, probe.FrameRate, 3);
        Assert.Equal(5.06, probe.DurationSeconds, 0.02);
        Assert.True(probe.IsFastStart, $"boxes: {string.Join(", ", probe.TopLevelBoxes)}");
        Assert.Equal(Enumerable.Range(1, 81), framesWritten);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("9:16", 480, 832)]
    [InlineData("1:1", 624, 624)]
    public async Task Render_AspectRatio_SetsTheFrameSize(string aspectRatio, int width, int height)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_output.FullName, $"{width}x{height}.mp4");

        await new OfflineRenderer(_fonts).RenderAsync(Clip("A tranquil tableau of an antique bowl", aspectRatio), path, cancellationToken: ct);

        var probe = await Mp4Probe.ReadAsync(path, ct);
        Assert.Equal(("h264", width, height, "yuv420p", 81), (probe.Codec, probe.Width, probe.Height, probe.PixelFormat, probe.DecodedFrames));
    }

    private static OfflineClip Clip(string prompt, string aspectRatio) =>
        OfflineClip.From(new GenerationRequest(Guid.NewGuid(), "fal-ai/wan/v2.1/1.3b/text-to-video", prompt, new JsonObject { ["aspect_ratio"] = aspectRatio }));

    public void Dispose()
    {
        _fonts.Dispose();
        _output.Delete(recursive: true);
    }
}
