namespace FalVideo.Core.Domain;

public enum BatchStatus
{
    Running,
    Paused,
    Canceled,
    Finished,
}
