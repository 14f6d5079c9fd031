using System.Text.Json;

namespace FalVideo.Core.Fal;

/// <summary>
/// A metadata frame of fal's HTTP-over-WebSocket protocol (fal-protocol.md §3): the <c>start</c> (the app's HTTP status
/// and headers) or the <c>end</c> of one response. Every other frame is body.
/// </summary>
public sealed record FalWebSocketMetadata(
    string Type,
    string RequestId,
    int? Status,
    IReadOnlyDictionary<string, string> Headers,
    double? TimeToFirstByteSeconds)
{
    public const string StartType = "start";
    public const string EndType = "end";

    public bool IsStart => Type == StartType;
    public bool IsEnd => Type == EndType;

    /// <summary>A header of the start frame, case-insensitively (null when absent).</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// fal's own rule (the Python client's): a text frame is metadata only when it holds a JSON object with both
    /// <c>type</c> and <c>request_id</c>. Anything else — other JSON, cut-off JSON, plain text — is body.
    /// </summary>
    public static FalWebSocketMetadata? TryParse(ReadOnlyMemory<byte> utf8)
    {
        var span = utf8.Span.TrimStart(" \t\r\n"u8);
        if (span.IsEmpty || span[0] != (byte)'{') return null;
        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type)
                || !root.TryGetProperty("request_id", out var requestId))
                return null;
            int? status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var code) ? code : null;
            double? ttfb = root.TryGetProperty("time_to_first_byte_seconds", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in h.EnumerateObject()) headers[header.Name] = Text(header.Value);
            }
            return new FalWebSocketMetadata(Text(type), Text(requestId), status, headers, ttfb);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.Array => string.Join(", ", element.EnumerateArray().Select(Text)),
        _ => element.GetRawText(),
    };
}
