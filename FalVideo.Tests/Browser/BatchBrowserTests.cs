using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using FalVideo.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FalVideo.Tests.Browser;

/// <summary>
/// The batch panel as a new user meets it, in Debian chromium: drop vbench_sample50.csv, check the preview (50 rows and a
/// cost), start, watch all 50 complete with the offline renderer, download the ZIP and find 50 playable MP4s and a manifest.
/// </summary>
public sealed class BatchBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    [Fact]
    public async Task DropSample50_PreviewStartRunToEnd_ZipHas50PlayableVideosAndManifest()
    {
        await using var app = new FalVideoAppFactory(new Dictionary<string, string?>
        {
            ["FalVideo:Generator"] = "offline",
            ["FalVideo:Jobs:MaxConcurrency"] = "2",
            ["FalVideo:Jobs:SubmitsPerMinute"] = "0",
        }).UseRealKestrel();
        var baseUrl = app.ClientOptions.BaseAddress.ToString();
        await using var browser = await BrowserSession.StartAsync("en-US");
        var page = browser.Page;

        await page.GotoAsync(baseUrl + "batches");
        await page.Locator("#interactive[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // Drop the file on the panel: the drag shows the drop state, the drop hands the file to the upload input.
        await DropFileAsync(page, TestFiles.Path("vbench_sample50.csv"));

        var preview = page.Locator("[data-testid=import-preview]");
        await browser.ScreenshotOnFailureAsync(() => preview.WaitForAsync(new() { Timeout = 30_000 }));
        var totals = page.Locator("[data-testid=preview-totals]");
        Assert.Equal("50", await totals.GetAttributeAsync("data-rows"));
        Assert.Equal("50", await totals.GetAttributeAsync("data-valid"));
        Assert.Equal("0", await totals.GetAttributeAsync("data-rejected"));
        Assert.Contains("$10.00", await page.Locator("[data-testid=preview-cost]").InnerTextAsync());
        Assert.Equal(",", await page.Locator("[data-testid=preview-delimiter]").GetAttributeAsync("data-delimiter"));
        await Assertions.Expect(page.Locator("[data-testid=preview-grid]")).ToContainTextAsync("In a still frame, a pear");

        await page.Locator("[data-testid=start-batch]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/batches/[0-9a-f-]{36}$"));
        var summary = page.Locator("[data-testid=batch-summary]");
        await browser.ScreenshotOnFailureAsync(() => summary.WaitForAsync());
        Assert.Equal("50", await summary.GetAttributeAsync("data-total"));
        // The live view reaches the end by itself (pushed over the circuit, no reload).
        await browser.ScreenshotOnFailureAsync(() =>
            Assertions.Expect(page.Locator("[data-testid=batch-summary][data-status=finished]")).ToBeVisibleAsync(new() { Timeout = 300_000 }));
        Assert.Equal("50", await summary.GetAttributeAsync("data-completed"));
        Assert.Equal("0", await summary.GetAttributeAsync("data-failed"));

        // A real click (the button must not be covered); the ZIP streams, so the download starts at once.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=batch-zip]").ClickAsync(), new() { Timeout = 60_000 });
        var zipPath = Path.Combine(browser.Directory, "batch.zip");
        await download.SaveAsAsync(zipPath);
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);

        using var zip = ZipFile.OpenRead(zipPath);
        var videos = zip.Entries.Where(e => e.FullName.EndsWith(".mp4", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, videos.Count);
        Assert.Equal("0001_in-a-still-frame-a-pear.mp4", videos[0].FullName);
        Assert.NotNull(zip.GetEntry("manifest.csv"));
        var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open()).RootElement;
        var rows = manifest.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(50, rows.Count);
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.Equal(videos.Select(v => v.FullName), rows.Select(r => r.GetProperty("file").GetString()));

        var extracted = Path.Combine(browser.Directory, "videos");
        zip.ExtractToDirectory(extracted);
        foreach (var video in videos)
        {
            var codec = await ProbeCodecAsync(Path.Combine(extracted, video.FullName));
            Assert.True(codec == "h264", $"{video.FullName}: {codec}");
        }
    }

    [Fact]
    public async Task DropAnImageInJapanese_RefusedInJapaneseSayingHowToSaveAsCsv()
    {
        await using var app = new FalVideoAppFactory().UseRealKestrel();
        await using var browser = await BrowserSession.StartAsync("ja-JP");
        var page = browser.Page;

        await page.GotoAsync(app.ClientOptions.BaseAddress + "batches");
        await page.Locator("#interactive[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await DropFileAsync(page, TestFiles.Path("csv-cases", "png_image_renamed.csv"));

        var refusal = page.Locator("[data-testid=import-refusal]");
        await refusal.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal("not_text", await refusal.GetAttributeAsync("data-code"));
        var text = await refusal.InnerTextAsync();
        Assert.Contains("このファイルは取り込めません", text);
        Assert.Contains("CSV UTF-8", text);
        Assert.Contains("a PNG image", text);
    }

    [Fact]
    public async Task RefusedForItsEncoding_TheUserChoosesOneThere_AndThePreviewFollows()
    {
        await using var app = new FalVideoAppFactory().UseRealKestrel();
        await using var browser = await BrowserSession.StartAsync("en-US");
        var page = browser.Page;
        // Western European text whose letters (Ž, š) also occur in mojibake: not guessed, but readable once chosen.
        var path = Path.Combine(browser.Directory, "zizek.csv");
        await File.WriteAllBytesAsync(path, FalVideo.Core.Import.TextEncodings.Strict(FalVideo.Core.Import.TextEncodings.Windows1252).GetBytes("prompt\r\nA portrait of Žižek in Ljubljana\r\nA café in Košice at night\r\n"), Ct);

        await page.GotoAsync(app.ClientOptions.BaseAddress + "batches");
        await page.Locator("#interactive[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await DropFileAsync(page, path);
        var refusal = page.Locator("[data-testid=import-refusal]");
        await refusal.WaitForAsync(new() { Timeout = 30_000 });
        var code = await refusal.GetAttributeAsync("data-code");
        Assert.True(code is "unknown_encoding" or "invalid_for_encoding", code);

        await page.Locator("[data-testid=refusal-encoding]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Windows-1252" }).ClickAsync();

        await Assertions.Expect(page.GetByText("A portrait of Žižek in Ljubljana")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(refusal).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Drags a file over the drop panel and drops it. The panel's file input lies over it, so a real drop lands on the input,
    /// which the browser fills with the file. Playwright cannot drive an OS drag, so the drag carries a DataTransfer with the
    /// file (the panel must switch to its drop state: that round trip also proves the input is wired up) and the input is
    /// then given the file directly, as the browser does on the drop.
    /// </summary>
    private static async Task DropFileAsync(IPage page, string path)
    {
        var input = page.Locator("input[data-testid=csv-drop-zone]");
        var dataTransfer = await page.EvaluateHandleAsync("name => { const d = new DataTransfer(); d.items.add(new File(['x'], name, { type: 'text/csv' })); return d; }", Path.GetFileName(path));
        await input.DispatchEventAsync("dragenter", new Dictionary<string, object> { ["dataTransfer"] = dataTransfer });
        await Assertions.Expect(page.Locator("[data-testid=csv-drop-panel]")).ToHaveAttributeAsync("data-dragging", "true");
        await input.SetInputFilesAsync(path);
    }

    private static async Task<string> ProbeCodecAsync(string path)
    {
        using var probe = Process.Start(new ProcessStartInfo("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "default=nw=1:nk=1", path])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await probe.StandardOutput.ReadToEndAsync(Ct);
        await probe.WaitForExitAsync(Ct);
        return output.Trim();
    }

    /// <summary>Debian chromium with a throwaway profile (removed afterwards), downloads allowed.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;

        private BrowserSession(IPlaywright playwright, IBrowserContext context, IPage page, string directory)
        {
            _playwright = playwright;
            Context = context;
            Page = page;
            Directory = directory;
        }

        public IBrowserContext Context { get; }
        public IPage Page { get; }
        public string Directory { get; }

        public static async Task<BrowserSession> StartAsync(string locale)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("falvideo-browser-").FullName;
            var playwright = await Playwright.CreateAsync();
            var context = await playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(directory, "profile"), new()
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArgs,
                AcceptDownloads = true,
                Locale = locale,
                DownloadsPath = Path.Combine(directory, "downloads"),
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            page.SetDefaultTimeout(30_000);
            return new BrowserSession(playwright, context, page, directory);
        }

        /// <summary>Runs a step; if it throws, saves a screenshot and the page text and says where (the failure is kept).</summary>
        public async Task ScreenshotOnFailureAsync(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception ex)
            {
                var shot = Path.Combine(Path.GetTempPath(), $"falvideo-batch-failure-{Guid.NewGuid():N}.png");
                await Page.ScreenshotAsync(new() { Path = shot, FullPage = true });
                TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {shot}\n{await Page.InnerTextAsync("body")}");
                throw new InvalidOperationException($"{ex.Message} (screenshot: {shot})", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Context.CloseAsync();
            _playwright.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // chromium may still be releasing its profile; the temp directory is cleaned by the OS later.
            }
        }
    }
}
