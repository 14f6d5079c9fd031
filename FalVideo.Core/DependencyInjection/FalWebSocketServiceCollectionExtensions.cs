using FalVideo.Core.Fal;
using FalVideo.Core.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalVideo.Core.DependencyInjection;

public static class FalWebSocketServiceCollectionExtensions
{
    /// <summary>
    /// The "fal-ws" provider (ws.fal.run): connector (through the queue client's Polly handler chain, so one circuit
    /// breaker), connection pool, kept answers, generator. Always registered when fal is, so WebSocket jobs are
    /// recognised after a restart; <c>FalVideo:Fal:Transport</c> decides whether new jobs use it. Needs AddFalVideoFal.
    /// </summary>
    public static IServiceCollection AddFalVideoFalWebSocket(this IServiceCollection services)
    {
        services.TryAddSingleton<FalWebSocketConnector>();
        services.TryAddSingleton<FalWebSocketPool>();
        services.TryAddSingleton<FalWebSocketResultStore>();
        services.TryAddSingleton<FalWebSocketGenerator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoGenerator, FalWebSocketGenerator>(sp => sp.GetRequiredService<FalWebSocketGenerator>()));
        return services;
    }
}
