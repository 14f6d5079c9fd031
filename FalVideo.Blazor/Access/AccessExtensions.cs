using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace FalVideo.Blazor.Access;

public static partial class AccessExtensions
{
    /// <summary>Registers the access rules (see <see cref="AccessSettings"/>); with no password nothing is added to the pipeline.</summary>
    public static WebApplicationBuilder AddFalVideoAccess(this WebApplicationBuilder builder)
    {
        var access = AccessSettings.Resolve(builder.Configuration, ListenAddresses.Configured(builder.Configuration));
        builder.Services.AddSingleton(access);
        builder.Services.AddHostedService<ExposureGuard>();
        if (!access.Required) return builder;

        builder.Services.AddAuthentication(AccessSchemes.Default)
            .AddPolicyScheme(AccessSchemes.Default, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? ApiTokenAuthenticationHandler.SchemeName
                        : AccessSchemes.Cookie)
            .AddCookie(AccessSchemes.Cookie, options =>
            {
                options.Cookie.Name = AccessSchemes.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromDays(7);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.ReturnUrlParameter = "returnUrl";
                options.TicketDataFormat = new TicketDataFormat(new SessionSecretDataProtector(access.SessionSecret, "FalVideo.SessionCookie"));
                options.Events.OnRedirectToLogin = context =>
                {
                    // Scripts and media requests get a 401 they can act on, pages get the login form.
                    if (context.Request.Path.StartsWithSegments("/api"))
                        return AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                            $"Log in first, or send Authorization: Bearer <{AccessSettings.ApiTokenVariable}>.");
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AccessSchemes.Default).RequireAuthenticatedUser().Build());

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Ten password tries a minute per client address slows guessing to nothing useful.
            options.AddPolicy(AccessSchemes.LoginRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    /// <summary>Authentication and authorization middleware (before antiforgery), only when a password is required.</summary>
    public static WebApplication UseFalVideoAccess(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<AccessSettings>();
        if (!access.Required) return app;
        if (access.SessionSecretGenerated)
            LogGeneratedSecret(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FalVideo.Access"));
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary><c>POST /account/login</c> (form: Password, ReturnUrl) and <c>POST /account/logout</c>; both check the antiforgery token.</summary>
    public static IEndpointRouteBuilder MapFalVideoAccessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async (HttpContext context, AccessSettings access) =>
        {
            // The antiforgery middleware has checked the token (the metadata below asks it to); read the form only if it passed.
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                return Results.Problem("The login form expired or did not come from this site; reload the login page and try again.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = SafeReturnUrl(form["ReturnUrl"]);
            if (!access.Required) return Results.LocalRedirect(returnUrl);
            if (!access.CheckPassword(form["Password"]))
                return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "owner")], AccessSchemes.Cookie);
            await context.SignInAsync(AccessSchemes.Cookie, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
            return Results.LocalRedirect(returnUrl);
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireRateLimitingWhen(app);

        app.MapPost("/account/logout", async (HttpContext context, AccessSettings access) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                return Results.Problem("The logout form did not come from this site.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
            if (access.Required) await context.SignOutAsync(AccessSchemes.Cookie);
            return Results.LocalRedirect("/login");
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    /// <summary>Only paths on this site: an absolute or protocol-relative URL would make the login an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static RouteHandlerBuilder RequireRateLimitingWhen(this RouteHandlerBuilder endpoint, IEndpointRouteBuilder app) =>
        app.ServiceProvider.GetRequiredService<AccessSettings>().Required
            ? endpoint.RequireRateLimiting(AccessSchemes.LoginRateLimitPolicy)
            : endpoint;

    [LoggerMessage(LogLevel.Warning, "SESSION_SECRET is not set: a random one is used, so logins end when the app restarts")]
    private static partial void LogGeneratedSecret(ILogger logger);
}
