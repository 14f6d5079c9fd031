using FalVideo.Core.Configuration;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using FalVideo.Core.Media;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FalVideo.Core.DependencyInjection;

public static class FalVideoCoreServiceCollectionExtensions
{
    /// <summary>
    /// Everything the engine needs: options, SQLite (WAL, migrations at start-up), the job store and hub, the runner and
    /// the providers. <paramref name="contentRoot"/> anchors a relative <c>FalVideo:DataDirectory</c>.
    /// </summary>
    public static IServiceCollection AddFalVideoCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<FalVideoOptions>().Bind(configuration.GetSection(FalVideoOptions.SectionName)).ValidateOnStart();
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        var dataDirectory = configuration[$"{FalVideoOptions.SectionName}:DataDirectory"] is { Length: > 0 } configured ? configured : "data";
        var paths = new DataPaths(Path.Combine(contentRoot, dataDirectory));
        services.TryAddSingleton(paths);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => FalCredentials.FromEnvironment(name => configuration[name]));

        services.AddDbContextFactory<FalVideoDbContext>(options =>
            options.UseSqlite($"Data Source={paths.Database};Cache=Shared;Pooling=True"));
        // First hosted service: the database exists before the runner looks at it.
        services.AddHostedService<DatabaseInitializer>();

        services.TryAddSingleton<JobUpdateHub>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<RunnerState>();
        services.TryAddSingleton<MediaStore>();
        services.TryAddSingleton<FfmpegAvailability>();
        services.TryAddSingleton<GeneratorRegistry>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobCommands>();
        services.AddSingleton<JobSpend>();
        services.AddSingleton<IDispatchGate, DailyBudgetGate>();
        services.TryAddSingleton<DefaultModel>();
        services.AddOfflineRenderer();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddFalVideoFal(configuration);
        services.AddFalVideoFalWebSocket();
        services.AddFalVideoDashboardSupport();
        services.AddFalVideoBatches(configuration);
        return services;
    }
}
