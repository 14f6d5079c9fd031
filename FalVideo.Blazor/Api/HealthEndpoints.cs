using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using FalVideo.Core.Media;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace FalVideo.Blazor.Api;

public static class HealthEndpoints
{
    public sealed record HealthReport(string Generator, bool Ffmpeg, bool Database, bool Dispatching, string? PausedReason, int InFlight, string? FfmpegHint);

    /// <summary><c>GET /api/health</c>: which provider is in use, whether ffmpeg and the database work, and why dispatch is paused.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", async (GeneratorRegistry generators, FfmpegAvailability ffmpeg, IDbContextFactory<FalVideoDbContext> dbFactory,
            RunnerState state, JobRunner runner, CancellationToken ct) =>
        {
            bool database;
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                database = await db.Database.CanConnectAsync(ct);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                database = false;
            }
            var pausedReason = state.ProviderPause?.Message ?? (state.PausedByUser ? "Paused by the user." : null);
            return Results.Ok(new HealthReport(generators.CurrentName, ffmpeg.IsAvailable, database, state.IsDispatching, pausedReason,
                runner.InFlightCount, ffmpeg.IsAvailable ? null : FfmpegAvailability.InstallHint));
        });
        return app;
    }
}
