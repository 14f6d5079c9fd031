using FalVideo.Core.Configuration;
using Serilog;

namespace FalVideo.Blazor.Hosting;

public static class SerilogSetup
{
    /// <summary>Console plus a daily rolling file in <c>{data}/logs</c>; levels from the <c>Serilog</c> section.</summary>
    public static void AddFalVideoLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) =>
        {
            var paths = services.GetRequiredService<DataPaths>();
            paths.EnsureCreated();
            logger.ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
                .WriteTo.File(Path.Combine(paths.Logs, "falvideo-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
        });
    }
}
