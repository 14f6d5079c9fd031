namespace FalVideo.Core.Fal;

/// <summary>How one request over a WebSocket ended.</summary>
public enum FalWebSocketEnding
{
    /// <summary>A complete start / body / end answer (any HTTP status).</summary>
    Answered,
    /// <summary>The connection dropped after the input was sent and before <c>start</c>: fal may have started (and billed) it.</summary>
    DroppedBeforeStart,
    /// <summary>The connection dropped between <c>start</c> and <c>end</c>: fal cancels a dropped request.</summary>
    DroppedAfterStart,
    /// <summary>fal's frames broke the protocol (ids that do not match, body before start, …); the connection was closed.</summary>
    ProtocolError,
    /// <summary>We closed the connection on purpose (user cancel, app stopping), which makes fal cancel the request.</summary>
    Canceled,
}
