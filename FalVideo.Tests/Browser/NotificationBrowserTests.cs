using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FalVideo.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public sealed class NotificationBrowserTests : IAsyncDisposable
{
    private readonly FalVideoAppFactory _app = new FalVideoAppFactory().UseRealKestrel();

    [Fact]
    public async Task OptedIn_ADesktopNotificationAndASnackbarSayTheVideoIsReady()
    {
        await using var browser = await BrowserSession.StartAsync(nameof(OptedIn_ADesktopNotificationAndASnackbarSayTheVideoIsReady));
        var page = browser.Page;
        await browser.Context.GrantPermissionsAsync(["notifications"], new() { Origin = _app.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority) });
        // Headless chromium shows no notifications; record what the page asks for instead.
        await browser.Context.AddInitScriptAsync("""
            window.__notifications = [];
            window.Notification = class {
              constructor(title, options) { window.__notifications.push({ title, body: options?.body ?? '' }); }
              close() {}
              static get permission() { return 'granted'; }
              static requestPermission() { return Promise.resolve('granted'); }
            };
            """);
        await browser.GotoAsync(_app.ClientOptions.BaseAddress);

        await page.Locator("#notifications-toggle").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("desktop notification");
        await _app.Services.GetRequiredService<JobCommands>().SubmitAsync("fireworks over a harbour", cancellationToken: TestContext.Current.CancellationToken);

        await page.WaitForFunctionAsync("() => window.__notifications.length > 0", null, new() { Timeout = 60_000 });
        var first = await page.EvaluateAsync<string[]>("() => [window.__notifications[0].title, window.__notifications[0].body]");
        Assert.Equal(["FalVideo — Video ready", "fireworks over a harbour"], first);
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Video ready: fireworks over a harbour" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("notified");

        // The choice is remembered across reloads.
        await page.ReloadAsync();
        await browser.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("#notifications-toggle")).ToHaveAttributeAsync("aria-label", "Turn off desktop notifications");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
