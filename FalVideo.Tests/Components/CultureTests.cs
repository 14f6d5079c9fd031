using System.Net;
using FalVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FalVideo.Tests.Components;

/// <summary>The language comes from the browser, can be switched, and is remembered in the standard culture cookie.</summary>
public sealed class CultureTests : IAsyncDisposable
{
    private readonly FalVideoAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BrowserLanguage_PicksJapanese()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP,ja;q=0.9");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/settings", Ct));

        Assert.Contains("<html lang=\"ja\">", html);
        Assert.Contains("設定", html);
        Assert.Contains("オフラインレンダラー — AI ではありません", html);
    }

    [Fact]
    public async Task Switching_SetsTheCultureCookie_AndTheChoiceWinsOverTheBrowser()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var response = await client.GetAsync("/culture/set?culture=ja&redirectUri=%2Fgallery%3Fstatus%3Dfailed", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gallery?status=failed", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dja%7Cuic%3Dja", StringComparison.Ordinal));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/", Ct));
        Assert.Contains("ダッシュボード", html);
    }

    [Fact]
    public async Task Switching_RefusesUnknownLanguagesAndForeignRedirects()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/culture/set?culture=fr&redirectUri=/", Ct)).StatusCode);
        var foreign = await client.GetAsync("/culture/set?culture=en&redirectUri=https%3A%2F%2Fevil.example%2F", Ct);
        Assert.Equal("/", foreign.Headers.Location!.OriginalString);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
