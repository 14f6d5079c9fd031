using System.Threading.Channels;

namespace FalVideo.Core.Jobs;

/// <summary>One subscriber's newest-wins queue of updates. Dispose to unsubscribe.</summary>
public sealed class JobUpdateSubscription : IDisposable
{
    private readonly Channel<JobUpdate> _channel;
    private readonly Action<JobUpdateSubscription> _onDispose;
    private int _disposed;

    internal JobUpdateSubscription(int capacity, Action<JobUpdateSubscription> onDispose)
    {
        _channel = Channel.CreateBounded<JobUpdate>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _onDispose = onDispose;
    }

    public ChannelReader<JobUpdate> Reader => _channel.Reader;

    internal void Offer(JobUpdate update) => _channel.Writer.TryWrite(update);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _onDispose(this);
        _channel.Writer.TryComplete();
    }
}
