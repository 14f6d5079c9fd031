using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FalVideo.Blazor.Access;
using FalVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FalVideo.Tests.Access;

/// <summary>The app with FALVIDEO_PASSWORD set: login page, cookie, bearer token for the API, antiforgery.</summary>
public sealed partial class LoginTests : IAsyncDisposable
{
    private const string Password = "correct horse battery";
    private const string Secret = "the-session-secret-0123456789";
    private const string Token = "api-token-0123456789abcdef";

    private readonly FalVideoAppFactory _app = Protected(Secret);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_WithoutLogin_RedirectsToTheLoginForm()
    {
        using var client = Client(_app);

        var response = await client.GetAsync("/gallery", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fgallery", response.Headers.Location!.PathAndQuery);
        var login = await client.GetStringAsync("/login", Ct);
        Assert.Contains("name=\"Password\"", login);
        Assert.Contains("__RequestVerificationToken", login);
    }

    [Fact]
    public async Task Api_WithoutCredentials_Is401ProblemJson_AndTheBearerTokenOpensIt()
    {
        using var client = Client(_app);

        var anonymous = await client.GetAsync("/api/jobs", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/jobs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "nope-nope-nope-nope") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong, Ct)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/jobs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right, Ct)).StatusCode);
    }

    [Fact]
    public async Task Login_WithThePassword_SetsACookieThatOpensPagesAndTheApi()
    {
        using var client = Client(_app);

        var response = await LogInAsync(client, Password, "/settings");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccessSchemes.CookieName + "=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jobs", Ct)).StatusCode);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_GoesBackToTheFormWithAnError()
    {
        using var client = Client(_app);

        var response = await LogInAsync(client, "guess", "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?error=1", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task Login_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = Client(_app);

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Password"] = Password }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SessionCookie_SurvivesARestartWithTheSameSecret_ButNotAnother()
    {
        using var client = Client(_app);
        var login = await LogInAsync(client, Password, "/");
        var cookie = login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(AccessSchemes.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

        await using var sameSecret = Protected(Secret);
        await using var otherSecret = Protected("another-session-secret-0123456789");

        Assert.Equal(HttpStatusCode.OK, (await WithCookie(sameSecret, cookie).GetAsync("/api/jobs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(otherSecret, cookie).GetAsync("/api/jobs", Ct)).StatusCode);
    }

    private static HttpClient WithCookie(FalVideoAppFactory app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<HttpResponseMessage> LogInAsync(HttpClient client, string password, string returnUrl)
    {
        var form = await client.GetStringAsync($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}", Ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }), Ct);
    }

    private static HttpClient Client(FalVideoAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static FalVideoAppFactory Protected(string secret) => new(new Dictionary<string, string?>
    {
        [AccessSettings.PasswordVariable] = Password,
        [AccessSettings.SessionSecretVariable] = secret,
        [AccessSettings.ApiTokenVariable] = Token,
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
