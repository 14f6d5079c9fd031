using FalVideo.Core.Batches;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalVideo.Core.DependencyInjection;

public static class BatchServiceCollectionExtensions
{
    /// <summary>
    /// CSV import (limits from <c>FalVideo:Import</c>) and batches: store, commands, per-batch dispatch limits, ZIP and
    /// manifests. Needs the model catalog (<see cref="FalServiceCollectionExtensions.AddFalVideoFal"/>).
    /// </summary>
    public static IServiceCollection AddFalVideoBatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ColumnNames>();
        services.TryAddSingleton<CsvPromptImporter>();
        services.TryAddSingleton<ImportPreviewCache>();
        services.TryAddSingleton<BatchFiles>();
        services.TryAddSingleton<BatchStore>();
        services.TryAddSingleton<BatchService>();
        services.TryAddSingleton<BatchArchive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatchGate, BatchDispatchGate>());
        return services;
    }
}
