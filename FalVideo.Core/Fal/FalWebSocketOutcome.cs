namespace FalVideo.Core.Fal;

/// <summary>The end of one request over a WebSocket: the answer when there is one, otherwise why there is none.</summary>
public sealed record FalWebSocketOutcome(FalWebSocketEnding Ending, FalWebSocketResponse? Response = null, string? Detail = null);
