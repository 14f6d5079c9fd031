using FalVideo.Core.Configuration;
using FalVideo.Core.Generation;
using FalVideo.Core.Media;
using FalVideo.Core.Media.Offline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FalVideo.Tests.Media;

public sealed class OfflineRendererStartupCheckTests : IDisposable
{
    private readonly OfflineFonts _fonts = new();

    [Fact]
    public async Task Start_WithoutFfmpeg_WarnsHowToInstallIt()
    {
        var logger = new ListLogger<OfflineRendererStartupCheck>();
        var check = new OfflineRendererStartupCheck(new FfmpegAvailability(() => false), _fonts, Registry(), logger);

        await check.StartAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ffmpeg", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(FfmpegAvailability.InstallHint, warning.Message);
        Assert.Contains("offline renderer", warning.Message);
    }

    [Fact]
    public async Task Start_WithFfmpegAndFonts_SaysNothing()
    {
        Assert.True(_fonts.Japanese is not null, "No Japanese font installed: apt-get install fonts-noto-cjk (.ci/run does).");
        var logger = new ListLogger<OfflineRendererStartupCheck>();
        var check = new OfflineRendererStartupCheck(new FfmpegAvailability(() => true), _fonts, Registry(), logger);

        await check.StartAsync(TestContext.Current.CancellationToken);

        Assert.Empty(logger.Entries);
    }

    private static GeneratorRegistry Registry() =>
        new([], Options.Create(new FalVideoOptions()), new FalCredentials(null));

    public void Dispose() => _fonts.Dispose();

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
