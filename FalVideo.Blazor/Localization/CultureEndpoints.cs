using Microsoft.AspNetCore.Localization;
using FalVideo.Blazor.Access;

namespace FalVideo.Blazor.Localization;

public static class CultureEndpoints
{
    /// <summary>
    /// <c>GET /culture/set?culture=ja&amp;redirectUri=/gallery</c>: remembers the language in the standard culture cookie
    /// for a year and goes back to the page (a full reload, so the new circuit starts in that culture).
    /// </summary>
    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", (string? culture, string? redirectUri, HttpContext context, TimeProvider time) =>
        {
            if (!UiCultures.IsSupported(culture))
                return Results.Problem($"'{culture}' is not a supported language; use one of {string.Join(", ", UiCultures.Supported)}.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Unsupported language");
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!.ToLowerInvariant())),
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            return Results.LocalRedirect(AccessExtensions.SafeReturnUrl(redirectUri));
        }).AllowAnonymous();
        return app;
    }
}
