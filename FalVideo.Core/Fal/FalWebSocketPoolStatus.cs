namespace FalVideo.Core.Fal;

/// <summary>
/// The WebSocket pool at one instant, for <c>/api/health</c> and the UI. <see cref="State"/>: <c>idle</c> (no
/// connection), <c>connecting</c>, <c>connected</c>, or <c>failing</c> (the last connect failed: <see cref="LastError"/>).
/// Counters run since start-up: connections opened, closed for idleness, dropped by fal or the network while idle
/// (replaced silently) and with a request in flight.
/// </summary>
public sealed record FalWebSocketPoolStatus(
    string State,
    int MaxPerEndpoint,
    int Open,
    int Busy,
    int Idle,
    int Connecting,
    long Opened,
    long ClosedIdle,
    long DroppedWhileIdle,
    long DroppedInFlight,
    int PeakOpenPerEndpoint,
    string? LastError,
    IReadOnlyList<FalWebSocketEndpointStatus> Endpoints);
