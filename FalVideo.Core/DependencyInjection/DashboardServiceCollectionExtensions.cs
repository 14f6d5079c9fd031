using FalVideo.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalVideo.Core.DependencyInjection;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// What the dashboard needs from Core: read queries and the persisted runtime settings, loaded at start-up.
    /// Call after the database initializer is registered (its migrations run first).
    /// </summary>
    public static IServiceCollection AddFalVideoDashboardSupport(this IServiceCollection services)
    {
        services.TryAddSingleton<JobOverviewQueries>();
        services.TryAddSingleton<RuntimeSettingsStore>();
        services.AddHostedService<RuntimeSettingsLoader>();
        return services;
    }
}
