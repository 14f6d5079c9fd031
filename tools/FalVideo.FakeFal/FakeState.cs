namespace FalVideo.FakeFal;

public enum FakeState
{
    InQueue,
    InProgress,
    Completed,
}
