using FalVideo.Core.Generation;
using FalVideo.Core.Media.Offline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalVideo.Core.DependencyInjection;

public static class OfflineRendererServiceCollectionExtensions
{
    /// <summary>
    /// The offline renderer: an <see cref="IVideoGenerator"/> named "offline" (the provider when no fal key is set), its
    /// fonts, and a start-up check that warns when ffmpeg or a Japanese font is missing. Needs DataPaths, FfmpegAvailability
    /// and TimeProvider (AddFalVideoCore registers them).
    /// </summary>
    public static IServiceCollection AddOfflineRenderer(this IServiceCollection services)
    {
        services.TryAddSingleton<OfflineFonts>();
        services.TryAddSingleton<OfflineRenderer>();
        services.TryAddSingleton<OfflineVideoGenerator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoGenerator, OfflineVideoGenerator>(sp => sp.GetRequiredService<OfflineVideoGenerator>()));
        services.AddHostedService<OfflineRendererStartupCheck>();
        return services;
    }
}
