using FalVideo.Core.Catalog;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalVideo.Core.DependencyInjection;

public static class FalServiceCollectionExtensions
{
    /// <summary>The model catalog (job input validation, cost estimates).</summary>
    public static IServiceCollection AddFalVideoFal(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(ModelCatalog.Default);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobInputValidator, CatalogJobInputValidator>());
        return services;
    }
}
