using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;

namespace FalVideo.Core.Fal;

/// <summary>Reads a text-to-video model's success output (<c>{"video":{"url",…},"seed"}</c>), whichever transport carried it.</summary>
public static class FalResultParser
{
    /// <summary>
    /// The result in <paramref name="body"/>, or null when the body is not a JSON object (the caller decides whether
    /// that can be fetched again). A JSON object without a video URL is a provider error.
    /// </summary>
    public static GenerationResult? TryParse(string body)
    {
        JsonObject? json;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (json is null) return null;
        var video = json["video"] as JsonObject;
        var url = StringOf(video?["url"]);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new GenerationException(new JobError(ErrorTypes.Provider, $"fal's result has no video URL: {Snippet(body)}"));
        return new GenerationResult(
            uri,
            ContentType: StringOf(video!["content_type"]),
            FileSize: LongOf(video["file_size"]),
            Seed: LongOf(json["seed"]),
            Cost: null,
            Raw: json);
    }

    public static string Snippet(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static string? StringOf(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static long? LongOf(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;
}
