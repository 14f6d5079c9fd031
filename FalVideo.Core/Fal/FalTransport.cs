namespace FalVideo.Core.Fal;

/// <summary>How jobs reach fal: the queue API (default; survives restarts) or HTTP-over-WebSocket (<c>ws.fal.run</c>).</summary>
public enum FalTransport
{
    Queue,
    WebSocket,
}
