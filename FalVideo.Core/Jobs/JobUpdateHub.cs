using System.Threading.Channels;

namespace FalVideo.Core.Jobs;

/// <summary>
/// Fans job updates out to subscribers (one per Blazor circuit). Each subscriber has a small bounded channel that
/// drops its oldest item when full, so a slow tab can never hold up the runner; the tab rebuilds from the store anyway.
/// </summary>
public sealed class JobUpdateHub
{
    private readonly Lock _lock = new();
    private readonly List<JobUpdateSubscription> _subscribers = [];

    public const int DefaultCapacity = 256;

    public int SubscriberCount
    {
        get { lock (_lock) { return _subscribers.Count; } }
    }

    public void Publish(JobUpdate update)
    {
        JobUpdateSubscription[] targets;
        lock (_lock) { targets = [.. _subscribers]; }
        foreach (var subscription in targets)
        {
            subscription.Offer(update);
        }
    }

    /// <summary>Registers now (so nothing published after this call is missed); dispose to unsubscribe.</summary>
    public JobUpdateSubscription Subscribe(int capacity = DefaultCapacity)
    {
        var subscription = new JobUpdateSubscription(capacity, Remove);
        lock (_lock) { _subscribers.Add(subscription); }
        return subscription;
    }

    private void Remove(JobUpdateSubscription subscription)
    {
        lock (_lock) { _subscribers.Remove(subscription); }
    }
}
