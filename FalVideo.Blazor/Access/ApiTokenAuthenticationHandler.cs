using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FalVideo.Blazor.Access;

/// <summary><c>Authorization: Bearer {FALVIDEO_API_TOKEN}</c> for scripts calling the HTTP API.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessSettings access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!access.CheckApiToken(header["Bearer ".Length..].Trim()))
            return Task.FromResult(AuthenticateResult.Fail($"The bearer token does not match {AccessSettings.ApiTokenVariable}."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return AccessProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            access.ApiTokenConfigured
                ? $"Send Authorization: Bearer <{AccessSettings.ApiTokenVariable}>."
                : $"The API needs a login cookie, or set {AccessSettings.ApiTokenVariable} and send it as a bearer token.");
    }
}
