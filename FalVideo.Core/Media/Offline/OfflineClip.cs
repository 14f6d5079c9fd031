using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Generation;

namespace FalVideo.Core.Media.Offline;

/// <summary>Everything that decides an offline preview's frames: same clip → same pixels.</summary>
public sealed record OfflineClip(string Prompt, long Seed, bool SeedFromPrompt, OfflineClipSize Size, int FrameCount, int FramesPerSecond)
{
    /// <summary>Wan 2.1's default clip: 81 frames at 16 fps (about 5 s).</summary>
    public const int DefaultFrameCount = 81;
    public const int DefaultFramesPerSecond = 16;

    public int Width => Size.Width;
    public int Height => Size.Height;
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / FramesPerSecond);

    /// <summary>Reads <c>seed</c> and <c>aspect_ratio</c> from the model input; no usable seed → one derived from the prompt.</summary>
    public static OfflineClip From(GenerationRequest request)
    {
        var parameters = request.Parameters;
        var seed = ReadSeed(parameters["seed"]);
        var aspectRatio = parameters["aspect_ratio"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return new OfflineClip(
            request.Prompt,
            seed ?? PromptSeed.From(request.Prompt),
            seed is null,
            OfflineClipSize.FromAspectRatio(aspectRatio),
            DefaultFrameCount,
            DefaultFramesPerSecond);
    }

    private static long? ReadSeed(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        // Read the JSON text: a JsonValue built from an int refuses TryGetValue<long>, one parsed from text accepts it.
        var text = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>().Trim(),
            _ => null,
        };
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        // 1.7591060E7 and the like: only when it is a whole number.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && real == Math.Floor(real) && Math.Abs(real) <= 9e15 ? (long)real : null;
    }
}
