using Microsoft.AspNetCore.Mvc;

namespace FalVideo.Blazor.Api;

/// <summary>
/// Every error under <c>/api</c> answers problem+json, never an empty body or the UI's HTML page: a body that is not the
/// JSON an endpoint expects (400, saying which parameter could not be read), an unknown route or a malformed id (404).
/// </summary>
public sealed class ApiProblemMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var isApi = context.Request.Path.StartsWithSegments("/api");
        string? detail = null;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Thrown by minimal APIs for unreadable bodies and parameters (RouteHandlerOptions.ThrowOnBadRequest).
            context.Response.StatusCode = ex.StatusCode;
            detail = Explain(ex);
        }
        if (!isApi || context.Response.HasStarted || context.Response.StatusCode < 400 || context.Response.ContentLength > 0 || context.Response.ContentType is not null) return;

        var status = context.Response.StatusCode;
        var (title, hint) = status switch
        {
            StatusCodes.Status404NotFound => ("No such API route",
                $"Nothing answers {context.Request.Method} {context.Request.Path} (check the path and that ids are GUIDs); see the README's HTTP API table."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed",
                $"{context.Request.Path} does not take {context.Request.Method}; see the README's HTTP API table for its methods."),
            _ => ("The request could not be read", "Send a JSON object body with the fields the README's HTTP API table lists."),
        };
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail ?? hint },
        });
    }

    /// <summary>What was wrong with the request, in the caller's terms (no internal type names): the JSON path where it broke.</summary>
    private static string Explain(BadHttpRequestException ex) =>
        ex.InnerException is System.Text.Json.JsonException { Path: { } path }
            ? $"The request body is not the JSON this endpoint expects (at {path}); send a JSON object with the fields the README's HTTP API table lists."
            : ex.InnerException is System.Text.Json.JsonException
                ? "The request body is not valid JSON; send a JSON object with the fields the README's HTTP API table lists."
                : "The request could not be read: a parameter is missing or has the wrong form; see the README's HTTP API table.";
}
