using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FalVideo.Blazor.Access;

/// <summary>
/// A second check once the server is listening: if it ended up on a non-loopback address (bound in code, a proxy
/// setting) while no password is required, the app refuses to run rather than serve paid generation to the network.
/// </summary>
internal sealed partial class ExposureGuard(IServer server, AccessSettings access, ILogger<ExposureGuard> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (access.Required) return Task.CompletedTask;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !ListenAddresses.IsLoopback(a)).ToList();
        if (exposed.Count == 0) return Task.CompletedTask;
        LogExposed(string.Join(", ", exposed));
        throw new InvalidOperationException(
            $"FalVideo is listening on {string.Join(", ", exposed)} without a password. Set {AccessSettings.PasswordVariable} or listen on http://127.0.0.1.");
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Critical, "Listening on {Addresses} without FALVIDEO_PASSWORD: refusing to run")]
    private partial void LogExposed(string addresses);
}
