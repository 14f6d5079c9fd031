using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FalVideo.Core.Generation;
using FalVideo.Core.Media.Offline;

namespace FalVideo.Tests.Media;

public sealed class OfflineFramePainterTests : IDisposable
{
    private const string Pear = "In a still frame, a pear";
    private readonly OfflineFonts _fonts = new();

    [Fact]
    public void SamePromptAndSeed_PaintsTheSameFrames()
    {
        var clip = Clip(Pear, seed: 17591060);

        var first = HashFrames(clip);
        var second = HashFrames(clip);

        Assert.Equal(clip.FrameCount, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void NoSeed_PaintsTheSameFramesAsTheDerivedSeed()
    {
        var derived = Clip(Pear, seed: null);

        Assert.True(derived.SeedFromPrompt);
        Assert.Equal(HashFrames(derived), HashFrames(Clip(Pear, seed: null)));
        // The derived seed, given explicitly, draws the same motion; only the footer's "(from the prompt)" differs.
        Assert.Equal(PromptSeed.From(Pear), derived.Seed);
    }

    [Fact]
    public void AnotherSeed_PaintsOtherFrames()
    {
        var one = HashFrames(Clip(Pear, seed: 1));
        var two = HashFrames(Clip(Pear, seed: 2));

        Assert.Empty(one.Intersect(two));
    }

    [Fact]
    public void AnotherPrompt_PaintsOtherFrames()
    {
        var pear = HashFrames(Clip(Pear, seed: 7));
        var bowl = HashFrames(Clip("A tranquil tableau of an antique bowl", seed: 7));

        Assert.Empty(pear.Intersect(bowl));
    }

    [Fact]
    public void Frames_Move()
    {
        var hashes = HashFrames(Clip(Pear, seed: 17591060));

        // Every frame differs from the one before it (orbs, ribbons, motes, the timeline all move).
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Theory]
    [InlineData("16:9")]
    [InlineData("9:16")]
    [InlineData("1:1")]
    public void EveryFrame_CarriesTheOfflineMark(string aspectRatio)
    {
        var clip = Clip(Pear, seed: 99, aspectRatio);
        using var painter = new OfflineFramePainter(clip, _fonts);
        // Just inside the amber badge's top edge, left of where the text starts.
        var margin = (int)MathF.Round(Math.Min(clip.Width, clip.Height) * 0.04f);
        var (x, y) = (margin + 6, margin + 3);

        for (var frame = 0; frame < clip.FrameCount; frame++)
        {
            painter.Paint(frame);
            var (r, g, b) = PixelAt(painter, clip, x, y);
            Assert.True(r > 200 && g > 150 && b < 90, $"frame {frame}: pixel ({x},{y}) is rgb({r},{g},{b}), not the amber mark");
        }
    }

    [Fact]
    public void JapanesePrompt_IsWrittenInAJapaneseTypeface()
    {
        Assert.True(_fonts.Japanese is not null, "No Japanese font installed: apt-get install fonts-noto-cjk (.ci/run does).");
        const string prompt = "夕暮れの京都の路地を歩く猫、やわらかな光";
        var clip = Clip(prompt, seed: 5);

        using var painter = new OfflineFramePainter(clip, _fonts);
        painter.Paint(0);
        painter.Paint(clip.FrameCount - 1);

        Assert.Contains("CJK", painter.PromptTypeface.FamilyName);
        using var font = new SkiaSharp.SKFont(painter.PromptTypeface);
        Assert.True(font.ContainsGlyphs(prompt), $"{painter.PromptTypeface.FamilyName} lacks glyphs of the prompt");
        Assert.NotEqual(HashFrames(clip), HashFrames(Clip("夕暮れの大阪の路地を歩く猫、やわらかな光", seed: 5)));
    }

    [Fact]
    public void VeryLongPrompt_StillPaints()
    {
        var prompt = string.Join(" ", Enumerable.Repeat("a slow pan across a misty mountain valley at sunrise,", 60));

        var hashes = HashFrames(Clip(prompt, seed: 3, "9:16"));

        Assert.Equal(81, hashes.Count);
    }

    private List<string> HashFrames(OfflineClip clip)
    {
        using var painter = new OfflineFramePainter(clip, _fonts);
        var hashes = new List<string>(clip.FrameCount);
        for (var frame = 0; frame < clip.FrameCount; frame++)
        {
            painter.Paint(frame);
            hashes.Add(Convert.ToHexString(SHA256.HashData(painter.Pixels.Span)));
        }
        return hashes;
    }

    private static (byte R, byte G, byte B) PixelAt(OfflineFramePainter painter, OfflineClip clip, int x, int y)
    {
        var offset = (y * clip.Width + x) * 4;
        var pixel = painter.Pixels.Span.Slice(offset, 4);
        Assert.Equal("bgra", OfflineFramePainter.FfmpegPixelFormat);
        return (pixel[2], pixel[1], pixel[0]);
    }

    private static OfflineClip Clip(string prompt, long? seed, string aspectRatio = "16:9")
    {
        var parameters = new JsonObject { ["aspect_ratio"] = aspectRatio };
        if (seed is { } value) parameters["seed"] = value;
        return OfflineClip.From(new GenerationRequest(Guid.NewGuid(), "fal-ai/wan/v2.1/1.3b/text-to-video", prompt, parameters));
    }

    public void Dispose() => _fonts.Dispose();
}
