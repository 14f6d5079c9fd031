using FalVideo.Blazor.State;

namespace FalVideo.Blazor.Hosting;

public static class BatchUiServiceCollectionExtensions
{
    /// <summary>The Batches pages: the per-circuit <see cref="BatchStateService"/> and their en/ja texts.</summary>
    public static IServiceCollection AddFalVideoBatchUi(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddScoped<BatchStateService>();
        return services;
    }
}
