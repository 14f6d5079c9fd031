namespace FalVideo.FakeFal;

/// <summary>The calls the fake answers; fault rules target one (or all when null).</summary>
public enum FakeOperation
{
    Submit,
    Status,
    Stream,
    Result,
    Cancel,
    Media,
    /// <summary>The upgrade to <c>ws.fal.run/{model_id}</c> (one per connection attempt).</summary>
    WebSocketConnect,
    /// <summary>One input sent over a WebSocket (one per request, like a submit).</summary>
    WebSocketRequest,
}
