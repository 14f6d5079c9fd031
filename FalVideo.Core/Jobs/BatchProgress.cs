namespace FalVideo.Core.Jobs;

/// <summary>How far a batch has got: <see cref="Remaining"/> counts jobs that are not finished yet.</summary>
public sealed record BatchProgress(Guid BatchId, string Name, int Total, int Completed, int Failed, int Canceled, int Remaining)
{
    public bool IsFinished => Total > 0 && Remaining == 0;
}
