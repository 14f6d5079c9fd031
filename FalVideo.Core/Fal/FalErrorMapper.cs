using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Domain;

namespace FalVideo.Core.Fal;

/// <summary>
/// Turns fal's error answers into the reason stored on a job. A 422 <c>detail</c> array becomes one
/// <see cref="FieldError"/> per field ("num_inference_steps: must be ≤ 50"); a string <c>detail</c> and
/// <c>error_type</c> are kept as fal wrote them.
/// </summary>
public static class FalErrorMapper
{
    public const string KeyRejectedMessage = "fal key rejected";

    /// <summary>The pydantic-style <c>type</c> of fal's content-filter refusal (fal-protocol.md §5).</summary>
    public const string ContentPolicyViolation = "content_policy_violation";

    public static JobError KeyRejected(int statusCode) =>
        new(ErrorTypes.KeyRejected, $"{KeyRejectedMessage} (HTTP {statusCode}): check FAL_KEY, then resume the queue.");

    /// <summary>The circuit breaker (shared by the queue API and WebSocket connections) is open: new submits pause.</summary>
    public static JobError CircuitOpen(TimeSpan? retryAfter)
    {
        var until = retryAfter is { } wait ? $" for about {Math.Ceiling(wait.TotalSeconds):0} s" : "";
        return new JobError(ErrorTypes.Provider, $"fal is failing (too many errors in a row); new submits are paused{until}.");
    }

    /// <summary>The reason for an error answer (status code and raw body as fal sent them).</summary>
    public static JobError FromResponse(int statusCode, string? body, string? errorTypeHeader = null)
    {
        if (statusCode is 401 or 403) return KeyRejected(statusCode);
        JsonNode? json = null;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy): fall through to the status code.
        }
        var errorType = (json as JsonObject)?["error_type"]?.GetValueKind() == JsonValueKind.String
            ? json!["error_type"]!.GetValue<string>()
            : errorTypeHeader;

        if (json is JsonObject obj && obj["detail"] is JsonArray details)
        {
            var fields = details.OfType<JsonObject>().Select(ToFieldError).ToList();
            var policy = details.OfType<JsonObject>().Any(d => d["type"]?.ToString() == ContentPolicyViolation);
            var prefix = policy ? "fal's content policy refused the input" : "fal refused the input";
            // A content-filter refusal is not a field to fix: its own type, so the UI does not say "fix the fields below".
            return new JobError(policy ? ErrorTypes.ContentPolicy : ErrorTypes.Validation, fields.Count > 0 ? $"{prefix}: {string.Join("; ", fields)}" : $"{prefix} (no details)", fields);
        }
        var detail = json switch
        {
            JsonObject o when o["detail"] is JsonValue d && d.GetValueKind() == JsonValueKind.String => d.GetValue<string>(),
            JsonObject o when o["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String => m.GetValue<string>(),
            JsonObject o when o["error"] is JsonValue e && e.GetValueKind() == JsonValueKind.String => e.GetValue<string>(),
            _ => null,
        };
        // A 422 stays "validation" (stored and API-visible); with no fields listed the UI explains it as fal's refusal.
        var type = statusCode == 422 ? ErrorTypes.Validation : ErrorTypes.Provider;
        var text = detail ?? Snippet(body) ?? "no details";
        var suffix = errorType is null ? "" : $" ({errorType})";
        return new JobError(type, $"fal answered HTTP {statusCode}: {text}{suffix}");
    }

    /// <summary>One entry of a <c>detail</c> array: <c>loc</c> after "body" names the field; known pydantic types get a short message.</summary>
    public static FieldError ToFieldError(JsonObject detail)
    {
        var loc = (detail["loc"] as JsonArray)?.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0).ToList() ?? [];
        if (loc.Count > 0 && loc[0] == "body") loc.RemoveAt(0);
        var field = loc.Count > 0 ? string.Join('.', loc) : "input";
        var msg = detail["msg"]?.ToString() ?? "is not valid";
        var ctx = detail["ctx"] as JsonObject;
        var message = detail["type"]?.ToString() switch
        {
            "less_than_equal" when ctx?["le"] is { } le => $"must be ≤ {Number(le)}",
            "greater_than_equal" when ctx?["ge"] is { } ge => $"must be ≥ {Number(ge)}",
            "less_than" when ctx?["lt"] is { } lt => $"must be < {Number(lt)}",
            "greater_than" when ctx?["gt"] is { } gt => $"must be > {Number(gt)}",
            "missing" => "is required",
            _ => msg,
        };
        var input = detail["input"] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var other => other.ToJsonString(),
        };
        return new FieldError(field, message, input);
    }

    private static string Number(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString("G", CultureInfo.InvariantCulture) : node.ToJsonString();

    private static string? Snippet(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }
}
