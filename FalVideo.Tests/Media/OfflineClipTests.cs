using System.Text.Json.Nodes;
using FalVideo.Core.Generation;
using FalVideo.Core.Media.Offline;

namespace FalVideo.Tests.Media;

public sealed class OfflineClipTests
{
    [Theory]
    [InlineData("16:9", 832, 480)]
    [InlineData("9:16", 480, 832)]
    [InlineData("1:1", 624, 624)]
    [InlineData(null, 832, 480)]
    [InlineData("auto", 832, 480)]
    [InlineData("16:0", 832, 480)]
    public void AspectRatio_GivesWanSizes(string? aspectRatio, int width, int height)
    {
        var clip = OfflineClip.From(Request("a pear", aspectRatio is null ? [] : new JsonObject { ["aspect_ratio"] = aspectRatio }));

        Assert.Equal((width, height), (clip.Width, clip.Height));
        Assert.Equal(81, clip.FrameCount);
        Assert.Equal(16, clip.FramesPerSecond);
        Assert.Equal(5.0625, clip.Duration.TotalSeconds);
    }

    [Fact]
    public void AspectRatio_OtherRatio_KeepsPixelCountInMultiplesOf16()
    {
        var size = OfflineClipSize.FromAspectRatio("4:3");

        Assert.Equal(0, size.Width % 16);
        Assert.Equal(0, size.Height % 16);
        Assert.InRange((double)size.Width / size.Height, 1.25, 1.42);
        Assert.InRange(size.Width * size.Height, 832 * 480 * 0.9, 832 * 480 * 1.1);
    }

    public static TheoryData<JsonNode, long> GivenSeeds => new()
    {
        { JsonValue.Create(17591060), 17591060 },
        { JsonValue.Create(4_000_000_000L), 4_000_000_000L },
        { JsonNode.Parse("698418610")!, 698418610 },
        { JsonValue.Create("42"), 42 },
        { JsonNode.Parse("1.7591060E7")!, 17591060 },
        { JsonValue.Create(-5), -5 },
    };

    [Theory]
    [MemberData(nameof(GivenSeeds))]
    public void Seed_FromParameters_IsUsed(JsonNode seed, long expected)
    {
        var clip = OfflineClip.From(Request("a pear", new JsonObject { ["seed"] = seed }));

        Assert.Equal(expected, clip.Seed);
        Assert.False(clip.SeedFromPrompt);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("true")]
    public void Seed_Unusable_IsDerivedFromPrompt(string seedJson)
    {
        var clip = OfflineClip.From(Request("a pear", new JsonObject { ["seed"] = JsonNode.Parse(seedJson) }));

        Assert.True(clip.SeedFromPrompt);
        Assert.Equal(PromptSeed.From("a pear"), clip.Seed);
    }

    [Fact]
    public void PromptSeed_IsStable_DiffersByPrompt_AndFitsFalSeedRange()
    {
        string[] prompts = ["In a still frame, a pear", "A tranquil tableau of an antique bowl", "夕暮れの京都", ""];
        var seeds = prompts.Select(PromptSeed.From).ToList();

        Assert.Equal(seeds, prompts.Select(PromptSeed.From));
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        Assert.All(seeds, seed => Assert.InRange(seed, 0, int.MaxValue));
        // Surrounding spaces do not change what the user asked for.
        Assert.Equal(PromptSeed.From("a pear"), PromptSeed.From("  a pear \n"));
    }

    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // Reference outputs of splitmix64.c (Vigna) for seed 0: the picture for a seed must not depend on the .NET version.
        var random = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    private static GenerationRequest Request(string prompt, JsonObject parameters) => new(Guid.NewGuid(), "fal-ai/wan/v2.1/1.3b/text-to-video", prompt, parameters);
}
