using System.Text.Json.Nodes;

namespace FalVideo.Core.Catalog;

/// <summary>
/// The model definitions, transcribed from fal-protocol.md §7 (fal-js generated types, fal-rs, fal llms.txt).
/// Where fal publishes no range or price we say so in <see cref="ModelField.Unconfirmed"/> / <see cref="PriceRule.Confirmed"/>.
/// </summary>
public static class FalModels
{
    public const string Wan21T2V13B = "fal-ai/wan/v2.1/1.3b/text-to-video";
    public const string Wan22A14BT2V = "fal-ai/wan/v2.2-a14b/text-to-video";
    public const string LtxVideo = "fal-ai/ltx-video";
    public const string Kling21Master = "fal-ai/kling-video/v2.1/master/text-to-video";
    public const string Veo3 = "fal-ai/veo3";
    public const string MiniMaxVideo01 = "fal-ai/minimax/video-01";

    private const string RangeAssumed = "fal publishes no range; this one is our assumption";

    public static IReadOnlyList<ModelDefinition> All { get; } =
    [
        new()
        {
            Id = Wan21T2V13B,
            DisplayName = "Wan 2.1 1.3B",
            Fields =
            [
                Prompt(),
                NegativePrompt(""),
                Seed(),
                Choice("aspect_ratio", "Frame shape.", "16:9", ["16:9", "9:16"]),
                Whole("num_inference_steps", "Denoising steps: more is slower and usually cleaner.", 30, 2, 50, RangeAssumed),
                Number("guidance_scale", "How closely to follow the prompt.", 5, 0, 20, RangeAssumed),
                Number("shift", "Noise schedule shift.", 5, 1, 10, RangeAssumed),
                Choice("sampler", "Sampling algorithm.", "unipc", ["unipc", "dpm++"]),
                Flag("enable_safety_checker", "Let fal screen the output.", true),
                Flag("enable_prompt_expansion", "Let fal rewrite the prompt with more detail.", false),
            ],
            Output = ModelOutput.VideoAndSeed,
            Price = new PerVideoPrice(0.20m, confirmed: false),
            InventedFields = ["num_frames", "style", "duration"],
            Notes = [ModelNote.PriceFromThirdParty, ModelNote.MayBeDeprecated],
        },
        new()
        {
            Id = Wan22A14BT2V,
            DisplayName = "Wan 2.2 A14B",
            Fields =
            [
                Prompt(),
                NegativePrompt(""),
                Seed(),
                Whole("num_frames", "Frames to generate (at 16 fps, 81 frames ≈ 5 s).", 81, 17, 161),
                Whole("frames_per_second", "Frame rate of the output video.", 16, 4, 60),
                Choice("resolution", "Output resolution.", "720p", ["480p", "580p", "720p"]),
                Choice("aspect_ratio", "Frame shape.", "16:9", ["16:9", "9:16", "1:1"]),
                Whole("num_inference_steps", "Denoising steps.", 27, 2, 50, RangeAssumed),
                Number("guidance_scale", "How closely to follow the prompt (first stage).", 3.5, 0, 20, RangeAssumed),
                Number("guidance_scale_2", "How closely to follow the prompt (second stage).", 4, 0, 20, RangeAssumed),
                Number("shift", "Noise schedule shift.", 5, 1, 10),
                Choice("acceleration", "Speed-up; 'regular' is faster with a small quality cost.", "regular", ["none", "regular"]),
                Choice("interpolator_model", "Model that adds frames between generated ones.", "film", ["none", "film", "rife"]),
                Whole("num_interpolated_frames", "Frames added between each pair.", 1, 0, 4),
                Flag("adjust_fps_for_interpolation", "Raise the frame rate to keep the length after interpolation.", true),
                Flag("enable_safety_checker", "Let fal screen the input.", null),
                Flag("enable_output_safety_checker", "Let fal screen the output.", null),
                Flag("enable_prompt_expansion", "Let fal rewrite the prompt with more detail.", null),
                Choice("video_quality", "Encoding quality.", "high", ["low", "medium", "high", "maximum"]),
                Choice("video_write_mode", "Encoding speed versus file size.", "balanced", ["fast", "balanced", "small"]),
            ],
            Output = new ModelOutput(["video", "seed", "prompt"]),
            // fal bills seconds of video at 16 fps; the t2v rate is assumed equal to the image-to-video sibling's.
            Price = new PerSecondPrice("$0.04/s at 480p, $0.06/s at 580p, $0.08/s at 720p (seconds = num_frames / 16)", confirmed: false,
                "resolution", new Dictionary<string, decimal> { ["480p"] = 0.04m, ["580p"] = 0.06m, ["720p"] = 0.08m },
                ["num_frames"], input => input["num_frames"] is JsonValue frames && frames.TryGetValue<long>(out var n) ? n / 16m : null),
            Notes = [ModelNote.PriceFromSibling],
        },
        new()
        {
            Id = LtxVideo,
            DisplayName = "LTX-Video",
            Fields =
            [
                Prompt(),
                NegativePrompt(null, "fal's default is a long list starting \"low quality, …\""),
                Whole("num_inference_steps", "Denoising steps.", 30, 2, 50, RangeAssumed),
                Number("guidance_scale", "How closely to follow the prompt.", 3, 0, 20, RangeAssumed),
                Seed(),
            ],
            Output = ModelOutput.VideoAndSeed,
            Price = new UnknownPrice(),
            Notes = [ModelNote.ResearchOnlyLicence, ModelNote.PriceNotConfirmed],
        },
        new()
        {
            Id = Kling21Master,
            DisplayName = "Kling 2.1 Master",
            Fields =
            [
                Prompt(),
                Choice("duration", "Video length in seconds (sent as text).", "5", ["5", "10"]),
                Choice("aspect_ratio", "Frame shape.", "16:9", ["16:9", "9:16", "1:1"]),
                NegativePrompt("blur, distort, and low quality"),
                Number("cfg_scale", "How closely to follow the prompt.", 0.5, 0, 1),
            ],
            Output = ModelOutput.VideoOnly,
            Price = new DurationTierPrice(1.40m, 5, 0.28m, "duration", confirmed: true),
        },
        new()
        {
            Id = Veo3,
            DisplayName = "Veo 3",
            Fields =
            [
                Prompt(),
                Choice("aspect_ratio", "Frame shape.", "16:9", ["16:9", "9:16"]),
                Choice("duration", "Video length (sent as text).", "8s", ["4s", "6s", "8s"]),
                NegativePrompt(null),
                Choice("resolution", "Output resolution.", "720p", ["720p", "1080p"]),
                Flag("generate_audio", "Generate a soundtrack (doubles the price).", true),
                Seed(),
                Flag("auto_fix", "Let fal rewrite a prompt its policy would refuse.", true),
            ],
            Output = ModelOutput.VideoOnly,
            Price = new PerSecondPrice("$0.20/s without audio, $0.40/s with audio", confirmed: true,
                "generate_audio", new Dictionary<string, decimal> { ["false"] = 0.20m, ["true"] = 0.40m },
                ["duration"], input => PerSecondPrice.SecondsFromText(input["duration"], "s")),
        },
        new()
        {
            Id = MiniMaxVideo01,
            DisplayName = "MiniMax Video-01",
            Fields =
            [
                Prompt(),
                Flag("prompt_optimizer", "Let MiniMax rewrite the prompt.", true),
            ],
            Output = ModelOutput.VideoOnly,
            Price = new UnknownPrice(),
            Notes = [ModelNote.PriceNotConfirmed],
        },
    ];

    private static ModelField Prompt() => new()
    {
        Name = "prompt", Type = FieldType.String, Required = true, Multiline = true,
        Description = "What the video should show.",
    };

    private static ModelField NegativePrompt(string? fallback, string? unconfirmed = null) => new()
    {
        Name = "negative_prompt", Type = FieldType.String, Multiline = true,
        Default = fallback is null ? null : JsonValue.Create(fallback),
        Description = "What the video should avoid.", Unconfirmed = unconfirmed,
    };

    private static ModelField Seed() => new()
    {
        Name = "seed", Type = FieldType.Integer, Min = 0,
        Description = "Fixes the randomness: the same seed and input give the same video. Empty = random.",
    };

    private static ModelField Choice(string name, string description, string fallback, IReadOnlyList<string> values) => new()
    {
        Name = name, Type = FieldType.Enum, Description = description, Default = JsonValue.Create(fallback), EnumValues = values,
    };

    private static ModelField Whole(string name, string description, long fallback, double min, double max, string? unconfirmed = null) => new()
    {
        Name = name, Type = FieldType.Integer, Description = description, Default = JsonValue.Create(fallback), Min = min, Max = max, Unconfirmed = unconfirmed,
    };

    private static ModelField Number(string name, string description, double fallback, double min, double max, string? unconfirmed = null) => new()
    {
        Name = name, Type = FieldType.Float, Description = description, Default = JsonValue.Create(fallback), Min = min, Max = max, Unconfirmed = unconfirmed,
    };

    private static ModelField Flag(string name, string description, bool? fallback) => new()
    {
        Name = name, Type = FieldType.Boolean, Description = description,
        Default = fallback is { } value ? JsonValue.Create(value) : null,
        Unconfirmed = fallback is null ? "fal documents no default" : null,
    };
}
