namespace FalVideo.Core.Fal;

/// <summary>
/// One answer fal sent over a WebSocket: the <c>start</c> frame's status and error-type header, the body frames
/// concatenated, and the <c>end</c> frame's timing.
/// </summary>
public sealed record FalWebSocketResponse(string FalRequestId, int StatusCode, string Body, string? ErrorTypeHeader, double? TimeToFirstByteSeconds)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
