using System.Text.RegularExpressions;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FalVideo.Tests.Browser;

/// <summary>
/// The real app on Kestrel with the offline renderer, used from Chromium as a new user would.
/// Screenshots of each step are under screenshots/ in the test output directory.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed partial class DashboardBrowserTests : IAsyncDisposable
{
    private readonly FalVideoAppFactory _app = new FalVideoAppFactory().UseRealKestrel();

    private Uri BaseUrl => _app.ClientOptions.BaseAddress;

    private Uri Url(string path) => new(BaseUrl, path);

    [Fact]
    public async Task Generate_ProgressRunsToDone_VideoPlays_AndDownloads()
    {
        await using var browser = await BrowserSession.StartAsync(nameof(Generate_ProgressRunsToDone_VideoPlays_AndDownloads));
        var page = browser.Page;
        await browser.GotoAsync(BaseUrl);
        await Assertions.Expect(page.Locator("#provider-label")).ToContainTextAsync("Offline renderer — not AI");
        await browser.ScreenshotAsync("dashboard-empty");

        await page.Locator("#nav-generate").ClickAsync();
        await page.Locator(".prompt-box textarea").FillAsync("A red panda rides a bicycle through Tokyo at night, neon reflections");
        await Assertions.Expect(page.Locator(".prompt-count")).ToContainTextAsync("68 / 5,000 characters");
        await browser.ScreenshotAsync("generate-form");

        // Record every progress value the live list shows, however briefly.
        await page.EvaluateAsync("""
            () => {
              window.__progress = [];
              new MutationObserver(() => document.querySelectorAll('.active-job .job-progress').forEach(bar => {
                const value = bar.getAttribute('data-progress');
                if (value !== null && value !== '' && window.__progress[window.__progress.length - 1] !== value) window.__progress.push(value);
              })).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-progress', 'data-mode'] });
            }
            """);
        await page.Locator("button.submit-job").ClickAsync();
        var row = page.Locator(".active-job").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        await browser.ScreenshotAsync("job-in-live-list");

        await Assertions.Expect(page.Locator(".active-job")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        var seen = (await page.EvaluateAsync<string[]>("() => window.__progress")).Select(int.Parse).ToList();
        Assert.True(seen.Count(p => p is > 0 and < 100) >= 1, $"progress values seen: {string.Join(", ", seen)}");
        Assert.Equal(seen.Order(), seen); // it only moves forward

        var job = Assert.Single((await _app.Services.GetRequiredService<JobStore>().QueryAsync(new JobQuery(), TestContext.Current.CancellationToken)).Items);
        await page.GotoAsync(Url($"jobs/{job.Id}").ToString());
        await browser.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator(".job-detail")).ToHaveAttributeAsync("data-status", "completed");
        var video = page.Locator("video.job-video");
        await video.EvaluateAsync("v => { v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('video.job-video'); return v && v.readyState >= 2 && v.currentTime > 0.3; }");
        var duration = await video.EvaluateAsync<double>("v => v.duration");
        Assert.InRange(duration, 4.9, 5.2);
        Assert.Equal(832, await video.EvaluateAsync<int>("v => v.videoWidth"));
        await browser.ScreenshotAsync("job-playing");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.download-video").ClickAsync());
        Assert.Matches(DownloadName(), download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_app.DataDirectory, "videos", $"{job.Id}.mp4"), TestContext.Current.CancellationToken), bytes);

        await page.Locator("#nav-dashboard").ClickAsync();
        await Assertions.Expect(page.Locator($".recent-results .job-thumbnail[data-job-id='{job.Id}'] img")).ToBeVisibleAsync();
        await page.Locator($".job-thumbnail[data-job-id='{job.Id}']").ClickAsync();
        await Assertions.Expect(page.Locator(".player-dialog video")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("dashboard-player-dialog");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task ReloadMidJob_RebuildsFromTheDatabase_AndKeepsFollowingTheJob()
    {
        await using var browser = await BrowserSession.StartAsync(nameof(ReloadMidJob_RebuildsFromTheDatabase_AndKeepsFollowingTheJob));
        var page = browser.Page;
        _app.Services.GetRequiredService<RunnerState>().PauseByUser();
        var job = await _app.Services.GetRequiredService<JobCommands>().SubmitAsync("a lighthouse in a storm, waves crashing", cancellationToken: TestContext.Current.CancellationToken);

        await browser.GotoAsync(BaseUrl);
        var row = page.Locator($".active-job[data-job-id='{job.Id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "pending");
        await Assertions.Expect(page.Locator(".pause-banner[data-reason='user']")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("paused-with-pending-job");

        await page.ReloadAsync();
        await browser.WaitInteractiveAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "pending");

        await page.Locator(".pause-banner button.resume-dispatch").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", new Regex("submitting|running|downloading"));
        await page.ReloadAsync(); // mid-job: a new circuit must pick the job up where it is
        await browser.WaitInteractiveAsync();
        await browser.ScreenshotAsync("reloaded-mid-job");

        await Assertions.Expect(page.Locator($".recent-results .job-thumbnail[data-job-id='{job.Id}']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-counter='completed-today'] .counter-value")).ToHaveTextAsync("1");
        await browser.ScreenshotAsync("completed-after-reload");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task JapaneseBrowser_GetsJapaneseLabels_AndTheLanguageSwitchRemembersEnglish()
    {
        await using var browser = await BrowserSession.StartAsync(nameof(JapaneseBrowser_GetsJapaneseLabels_AndTheLanguageSwitchRemembersEnglish), locale: "ja-JP");
        var page = browser.Page;

        await browser.GotoAsync(BaseUrl);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ダッシュボード");
        await Assertions.Expect(page.Locator("#nav-generate")).ToContainTextAsync("生成");
        await Assertions.Expect(page.Locator("#provider-label")).ToContainTextAsync("オフラインレンダラー — AI ではありません");
        await Assertions.Expect(page.Locator("[data-counter='completed-today']")).ToContainTextAsync("本日完了");
        await browser.ScreenshotAsync("dashboard-ja");

        await page.Locator("#nav-generate").ClickAsync();
        await page.Locator("[data-field='num_inference_steps'] input").FillAsync("12.5");
        await Assertions.Expect(page.Locator("[data-field='num_inference_steps']")).ToContainTextAsync("整数を入力してください");
        await browser.ScreenshotAsync("generate-ja-validation");

        await page.Locator("#language-menu button").ClickAsync();
        await page.Locator(".language-en").ClickAsync();
        await browser.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Generate");
        await page.ReloadAsync();
        await browser.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Generate"); // the cookie wins over the browser's Japanese
        await browser.ScreenshotAsync("generate-en-after-switch");
    }

    [GeneratedRegex(@"^falvideo_.+_[0-9a-f]{8}\.mp4$")]
    private static partial Regex DownloadName();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
