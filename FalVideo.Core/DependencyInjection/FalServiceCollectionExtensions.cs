using System.Net;
using FalVideo.Core.Catalog;
using FalVideo.Core.Fal;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace FalVideo.Core.DependencyInjection;

public static class FalServiceCollectionExtensions
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The model catalog (job input validation, cost estimates) and the "fal" provider: <c>FalVideo:Fal</c> options, the
    /// queue HTTP client with its Polly pipeline, the media downloader with its SSRF-checked connections.
    /// </summary>
    public static IServiceCollection AddFalVideoFal(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(ModelCatalog.Default);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobInputValidator, CatalogJobInputValidator>());

        services.AddOptions<FalOptions>().Bind(configuration.GetSection(FalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MediaUrlPolicy>();
        services.TryAddSingleton<FalQueueClient>();
        services.TryAddSingleton<FalMediaDownloader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVideoGenerator, FalQueueGenerator>());

        services.Configure<TelemetryOptions>(options => options.SeverityProvider = FalResilience.Severity);

        // No whole-request timeout: the pipeline times each attempt, and streams/downloads use idle-read timeouts.
        services.AddHttpClient(FalQueueClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .AddResilienceHandler("fal-queue", (builder, context) => FalResilience.ConfigureQueuePipeline(builder,
                context.ServiceProvider.GetRequiredService<IOptionsMonitor<FalOptions>>().CurrentValue,
                context.ServiceProvider.GetRequiredService<TimeProvider>()));

        services.AddHttpClient(FalMediaDownloader.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<MediaUrlPolicy>().ConnectAsync,
                AllowAutoRedirect = false, // each redirect is checked against the media host rule
                ConnectTimeout = ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None, // byte counts must match Content-Length for Range resume
            })
            .AddResilienceHandler("fal-media", (builder, context) => builder.AddTimeout(new HttpTimeoutStrategyOptions
            {
                // Until the response headers only (ResponseHeadersRead); the body has an idle-read timeout instead.
                Timeout = context.ServiceProvider.GetRequiredService<IOptionsMonitor<FalOptions>>().CurrentValue.AttemptTimeout,
            }));
        return services;
    }
}
