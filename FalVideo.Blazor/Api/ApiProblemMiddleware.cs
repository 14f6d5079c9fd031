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
            detail = ex.Message;
        }
        if (!isApi || context.Response.HasStarted || context.Response.StatusCode < 400 || context.Response.ContentLength > 0 || context.Response.ContentType is not null) return;

        var status = context.Response.StatusCode;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = status == StatusCodes.Status404NotFound ? "No such API route" : "The request could not be read",
                Detail = detail ?? (status == StatusCodes.Status404NotFound
                    ? $"Nothing answers {context.Request.Method} {context.Request.Path} (check the path and that ids are GUIDs); see the README's HTTP API table."
                    : "Send a JSON object body with the fields the README's HTTP API table lists."),
            },
        });
    }
}
