using FalVideo.Core.Fal;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using FalVideo.Core.Media;
using FalVideo.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FalVideo.Blazor.Api;

public static class HealthEndpoints
{
    /// <summary>
    /// <see cref="FalTransport"/> is <c>queue</c> or <c>websocket</c> (<c>FalVideo:Fal:Transport</c>);
    /// <see cref="WebSocket"/> (connection counts and state) is present when the WebSocket transport is configured or
    /// still holds connections.
    /// </summary>
    public sealed record HealthReport(string Generator, bool Ffmpeg, bool Database, bool Dispatching, string? PausedReason, int InFlight, string? FfmpegHint,
        string FalTransport, FalWebSocketPoolStatus? WebSocket);

    /// <summary><c>GET /api/health</c>: which provider is in use, whether ffmpeg and the database work, why dispatch is paused, and the fal WebSocket connections.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", async (GeneratorRegistry generators, FfmpegAvailability ffmpeg, IDbContextFactory<FalVideoDbContext> dbFactory,
            RunnerState state, JobRunner runner, IOptionsMonitor<FalOptions> fal, FalWebSocketPool sockets, CancellationToken ct) =>
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
            // A budget hold stops sending as surely as a pause: say so rather than report "dispatching".
            var pausedReason = state.ProviderPause?.Message ?? (state.PausedByUser ? "Paused by the user." : null) ?? state.BudgetReached?.Message;
            var transport = fal.CurrentValue.Transport;
            var pool = sockets.Snapshot();
            return Results.Ok(new HealthReport(generators.CurrentName, ffmpeg.IsAvailable, database, state.IsDispatching && state.BudgetReached is null, pausedReason,
                runner.InFlightCount, ffmpeg.IsAvailable ? null : FfmpegAvailability.InstallHint,
                transport.ToString().ToLowerInvariant(),
                transport == FalTransport.WebSocket || pool.Open + pool.Connecting > 0 ? pool : null));
        });
        return app;
    }
}
