using FalVideo.Core.Configuration;
using Serilog;

namespace FalVideo.Blazor.Hosting;

public static class SerilogSetup
{
    /// <summary>
    /// Console plus a daily rolling file in <c>{data}/logs</c>; levels from the <c>Serilog</c> section. The logger belongs to
    /// this host only (the static <c>Log.Logger</c> is left alone): hosts side by side in one process — the tests — never
    /// write into each other's files, and disposing one never closes another's.
    /// </summary>
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
        }, preserveStaticLogger: true);
    }

    /// <summary>Request logging through this host's logger (the middleware falls back to the static one otherwise).</summary>
    public static void UseFalVideoRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
}
