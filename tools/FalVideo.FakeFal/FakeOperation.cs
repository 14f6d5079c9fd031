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
}
