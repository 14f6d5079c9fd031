namespace FalVideo.Core.Catalog;

/// <summary>
/// The shape of a model's result JSON. Every text-to-video model returns <c>video</c> (a fal File:
/// <c>url</c>, optional <c>content_type</c>, <c>file_name</c>, <c>file_size</c>); open-weights models also echo <c>seed</c>.
/// </summary>
public sealed record ModelOutput(IReadOnlyList<string> Fields)
{
    public bool HasSeed => Fields.Contains("seed");

    public static ModelOutput VideoOnly { get; } = new(["video"]);
    public static ModelOutput VideoAndSeed { get; } = new(["video", "seed"]);
}
