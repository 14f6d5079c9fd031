using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FalVideo.FakeFal;

/// <summary>Writing fal-shaped answers: JSON bodies, error bodies with <c>X-Fal-Error-Type</c>, injected failures.</summary>
internal static class FakeResponses
{
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(Relaxed);

    /// <summary>Cut-off JSON: what a broken proxy or a truncated answer looks like.</summary>
    public const string MalformedJson = "{\"status\": \"IN_PROGRESS\", \"request_id\": \"";

    public static Task JsonAsync(HttpContext context, int status, JsonNode body, string? requestId = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (requestId is not null) context.Response.Headers["x-fal-request-id"] = requestId;
        return context.Response.WriteAsync(Serialize(body), Encoding.UTF8, context.RequestAborted);
    }

    public static Task MalformedAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(MalformedJson, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int status, string detail, string? errorType = null)
    {
        var body = new JsonObject { ["detail"] = detail };
        if (errorType is not null)
        {
            body["error_type"] = errorType;
            context.Response.Headers["X-Fal-Error-Type"] = errorType;
        }
        return JsonAsync(context, status, body);
    }

    /// <summary>Answers an injected <see cref="FaultKind.HttpStatus"/> with fal's body shape for that code.</summary>
    public static Task InjectedStatusAsync(HttpContext context, FaultRule rule)
    {
        if (rule.RetryAfter is { } wait) context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = rule.StatusCode ?? 503;
        var (detail, type) = code switch
        {
            429 => ("Too many concurrent requests", "rate_limited"),
            500 => ("Internal server error", "internal_error"),
            502 => ("The runner returned an incomplete response", "runner_incomplete_response"),
            503 => ("No runner could be scheduled", "runner_scheduling_failure"),
            504 => ("Request timed out", "request_timeout"),
            408 => ("Request timed out", "request_timeout"),
            _ => ($"Injected HTTP {code}", "injected"),
        };
        return ErrorAsync(context, code, detail, type);
    }

    public static Task UnauthorizedAsync(HttpContext context) =>
        ErrorAsync(context, 401, "Invalid or missing API key. Pass 'Authorization: Key <key>'.");
}
