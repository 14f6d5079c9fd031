using FalVideo.Core.Generation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// Says at start-up what the offline renderer is missing: ffmpeg (no preview can be made; <c>/api/health</c> says so too)
/// or a Japanese font (Japanese prompts would be drawn as empty boxes).
/// </summary>
internal sealed partial class OfflineRendererStartupCheck(
    FfmpegAvailability ffmpeg,
    OfflineFonts fonts,
    GeneratorRegistry generators,
    ILogger<OfflineRendererStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Probing runs ffmpeg -version: off the start-up thread.
        var available = await Task.Run(() => ffmpeg.IsAvailable, cancellationToken);
        var offlineInUse = generators.CurrentName == GeneratorRegistry.Offline;
        if (!available)
        {
            if (offlineInUse) LogFfmpegMissingForOffline(FfmpegAvailability.InstallHint);
            else LogFfmpegMissing(FfmpegAvailability.InstallHint);
        }
        if (fonts.Japanese is null) LogNoJapaneseFont(OfflineFonts.JapaneseFamily);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "No fal key is set, so videos are made by the offline renderer — but it cannot run: {Hint}")]
    private partial void LogFfmpegMissingForOffline(string hint);

    [LoggerMessage(LogLevel.Warning, "ffmpeg is missing: videos cannot be probed or given posters, and the offline renderer cannot run. {Hint}")]
    private partial void LogFfmpegMissing(string hint);

    [LoggerMessage(LogLevel.Warning, "No Japanese font ({Family}) is installed: Japanese prompts in offline previews will show as boxes. Install fonts-noto-cjk.")]
    private partial void LogNoJapaneseFont(string family);
}
