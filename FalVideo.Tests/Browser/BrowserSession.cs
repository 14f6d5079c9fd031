using Microsoft.Playwright;

namespace FalVideo.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (no browser download): a fresh profile in our own temp directory, removed
/// afterwards, with downloads kept inside it. Screenshots go to <c>screenshots/{test}</c> in the test output directory.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;
    private readonly string _screenshots;
    private int _shot;

    private BrowserSession(IPlaywright playwright, IBrowserContext context, IPage page, string profile, string screenshots)
    {
        _playwright = playwright;
        Context = context;
        Page = page;
        _profile = profile;
        _screenshots = screenshots;
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Console errors seen on the page (a broken circuit shows up here).</summary>
    public List<string> ConsoleErrors { get; } = [];

    public static async Task<BrowserSession> StartAsync(string testName, string locale = "en-US")
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("falvideo-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Locale = locale,
            AcceptDownloads = true,
            DownloadsPath = Path.Combine(profile, "downloads"),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots", testName);
        if (Directory.Exists(screenshots)) Directory.Delete(screenshots, recursive: true);
        Directory.CreateDirectory(screenshots);
        var session = new BrowserSession(playwright, context, page, profile, screenshots);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") session.ConsoleErrors.Add(message.Text);
        };
        return session;
    }

    /// <summary>Opens a page and waits until the Blazor circuit is connected (the layout's interactive marker).</summary>
    public async Task GotoAsync(Uri url)
    {
        await Page.GotoAsync(url.ToString());
        await WaitInteractiveAsync();
    }

    public async Task WaitInteractiveAsync()
    {
        try
        {
            await Page.Locator("#interactive[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException ex)
        {
            await ScreenshotAsync("not-interactive");
            throw new TimeoutException($"The Blazor circuit did not connect. Console errors: {string.Join(" | ", ConsoleErrors)}", ex);
        }
    }

    public async Task ScreenshotAsync(string step)
    {
        _shot++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, $"{_shot:00}-{step}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
