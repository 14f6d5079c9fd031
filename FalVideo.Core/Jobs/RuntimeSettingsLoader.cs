using Microsoft.Extensions.Hosting;

namespace FalVideo.Core.Jobs;

/// <summary>
/// Applies the stored runtime settings before the runner starts dispatching. Registered after the database initializer,
/// whose <c>StartingAsync</c> (migrations) therefore runs first.
/// </summary>
internal sealed class RuntimeSettingsLoader(RuntimeSettingsStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.LoadAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
