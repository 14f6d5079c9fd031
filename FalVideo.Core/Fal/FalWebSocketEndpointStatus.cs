namespace FalVideo.Core.Fal;

/// <summary>The connections to one model endpoint: open (busy + idle), opening, and the most there ever were at once.</summary>
public sealed record FalWebSocketEndpointStatus(string ModelId, int Open, int Busy, int Idle, int Connecting, int PeakOpen);
