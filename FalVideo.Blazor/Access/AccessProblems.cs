namespace FalVideo.Blazor.Access;

/// <summary>problem+json bodies for 401/403, so API clients see why (and status-code pages leave them alone).</summary>
public static class AccessProblems
{
    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(detail, statusCode: status, title: status == StatusCodes.Status401Unauthorized ? "Login required" : "Forbidden")
            .ExecuteAsync(context);
    }
}
