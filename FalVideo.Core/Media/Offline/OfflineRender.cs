using System.Threading.Channels;
using FalVideo.Core.Generation;

namespace FalVideo.Core.Media.Offline;

/// <summary>One render in progress: its updates (per frame, then the end), its task, and the switch that stops it.</summary>
internal sealed class OfflineRender(CancellationToken watcherToken) : IDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(watcherToken);

    public Channel<GenerationUpdate> Updates { get; } = Channel.CreateUnbounded<GenerationUpdate>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
    });

    public CancellationToken Token => _stop.Token;

    /// <summary>Set once the render is started; completes when ffmpeg is done and the files are in place (or cleaned up).</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>True when <see cref="Cancel"/> stopped it (not the watcher's own token).</summary>
    public bool CanceledByRequest { get; private set; }

    public void Cancel()
    {
        CanceledByRequest = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The render ended and was disposed between the lookup and this call: nothing left to stop.
        }
    }

    public void Dispose() => _stop.Dispose();
}
