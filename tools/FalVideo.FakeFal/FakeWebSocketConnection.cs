using Microsoft.AspNetCore.Http;

namespace FalVideo.FakeFal;

/// <summary>One accepted <c>ws.fal.run</c> connection as the fake sees it: its model, whether a request is running on it, how to cut it.</summary>
public sealed class FakeWebSocketConnection(int id, string modelId, HttpContext context)
{
    private int _busy;

    public int Id { get; } = id;
    public string ModelId { get; } = modelId;
    public bool IsBusy => Volatile.Read(ref _busy) == 1;
    public int Requests { get; private set; }

    internal void SetBusy(bool busy)
    {
        if (busy) Requests++;
        Volatile.Write(ref _busy, busy ? 1 : 0);
    }

    /// <summary>Cuts the TCP connection without a close frame (what a proxy's idle timeout or a network drop looks like).</summary>
    public void Drop() => context.Abort();
}
