using FalVideo.Blazor.Access;
using FalVideo.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FalVideo.Tests.Browser;

[Collection(nameof(BrowserCollection))]
public sealed class LoginBrowserTests : IAsyncDisposable
{
    private readonly FalVideoAppFactory _app = new FalVideoAppFactory(new Dictionary<string, string?>
    {
        [AccessSettings.PasswordVariable] = "correct horse battery",
        [AccessSettings.SessionSecretVariable] = "the-session-secret-0123456789",
    }).UseRealKestrel();

    [Fact]
    public async Task WithAPassword_TheLoginFormLetsTheOwnerIn_AndEveryPageWorks()
    {
        await using var browser = await BrowserSession.StartAsync(nameof(WithAPassword_TheLoginFormLetsTheOwnerIn_AndEveryPageWorks));
        var page = browser.Page;

        await page.GotoAsync(new Uri(_app.ClientOptions.BaseAddress, "settings").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?returnUrl=%2Fsettings$"));
        await page.Locator("#password").FillAsync("wrong");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".login-error")).ToContainTextAsync("That password is not right.");
        await browser.ScreenshotAsync("login-wrong-password");

        await page.Locator("#password").FillAsync("correct horse battery");
        await page.Locator("button[type=submit]").ClickAsync();
        await browser.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Settings");
        await Assertions.Expect(page.Locator("[data-fact='login'] .fact-value")).ToContainTextAsync("required");
        await browser.ScreenshotAsync("settings-after-login");

        await page.Locator("#nav-gallery").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Gallery");
        await browser.ScreenshotAsync("gallery");

        await page.Locator("#dark-mode-toggle").ClickAsync();
        await Assertions.Expect(page.Locator("#dark-mode-toggle")).ToHaveAttributeAsync("aria-label", "Light mode");
        await browser.ScreenshotAsync("gallery-dark");

        await page.Locator("form[action='account/logout'] button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.GotoAsync(_app.ClientOptions.BaseAddress.ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        Assert.Empty(browser.ConsoleErrors);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
