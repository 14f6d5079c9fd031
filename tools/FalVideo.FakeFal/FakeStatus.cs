namespace FalVideo.FakeFal;

/// <summary>A request's status at one instant: state, queue position, how many log lines exist, and the error if it failed.</summary>
public sealed record FakeStatus(FakeState State, int QueuePosition, int LogCount, string? Error, string? ErrorType);
