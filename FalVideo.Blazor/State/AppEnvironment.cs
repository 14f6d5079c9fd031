using FalVideo.Blazor.Access;
using FalVideo.Core.Configuration;
using FalVideo.Core.Generation;
using FalVideo.Core.Media;
using Microsoft.Extensions.Options;

namespace FalVideo.Blazor.State;

/// <summary>
/// Facts about this installation that pages show: the active provider and transport, whether a fal key is set (never
/// the key), ffmpeg, where data lives, whether a login is required.
/// </summary>
public sealed class AppEnvironment(
    GeneratorRegistry generators,
    IConfiguration configuration,
    IOptions<FalVideoOptions> options,
    FalCredentials credentials,
    FfmpegAvailability ffmpeg,
    DataPaths paths,
    AccessSettings access)
{
    public const string TransportKey = "FalVideo:Fal:Transport";

    public ProviderKind Provider => generators.CurrentName == GeneratorRegistry.Fal
        ? (IsWebSocket ? ProviderKind.FalWebSocket : ProviderKind.FalQueue)
        : ProviderKind.Offline;

    /// <summary><c>queue</c> or <c>websocket</c> (<c>FalVideo:Fal:Transport</c>).</summary>
    public string Transport => IsWebSocket ? "websocket" : "queue";

    /// <summary>The configured choice: auto, fal or offline.</summary>
    public string GeneratorSetting => options.Value.Generator;

    public bool FalKeySet => credentials.IsSet;

    public bool FfmpegAvailable => ffmpeg.IsAvailable;

    public string DataDirectory => paths.Root;

    public bool LoginRequired => access.Required;

    private bool IsWebSocket => configuration[TransportKey]?.Trim().ToLowerInvariant() is "websocket" or "ws";
}
