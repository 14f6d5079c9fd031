using System.Text.Json.Nodes;

namespace FalVideo.Core.Generation;

/// <summary>A finished generation's output: where the video is and what the provider said about it.</summary>
public sealed record GenerationResult(
    Uri VideoUri,
    string? ContentType = null,
    long? FileSize = null,
    long? Seed = null,
    decimal? Cost = null,
    JsonNode? Raw = null);
