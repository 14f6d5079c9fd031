using System.Text.Json.Nodes;

namespace FalVideo.Core.Fal;

/// <summary>A result call's answer exactly as fal relayed it from the model: status code, body and error type header.</summary>
public sealed record FalResultResponse(int StatusCode, string Body, string? ErrorTypeHeader)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public JsonNode? TryParseJson()
    {
        try
        {
            return string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
