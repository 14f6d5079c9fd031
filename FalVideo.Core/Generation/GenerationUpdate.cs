using FalVideo.Core.Domain;

namespace FalVideo.Core.Generation;

/// <summary>What a provider reports while it works.</summary>
public abstract record GenerationUpdate
{
    private GenerationUpdate() { }

    /// <summary>Waiting in the provider's queue; <paramref name="Position"/> 0 = next.</summary>
    public sealed record Queued(int? Position) : GenerationUpdate;

    /// <summary>Working. <paramref name="Progress"/> (0..1) only when it can honestly be known; new log lines since the last update.</summary>
    public sealed record Running(double? Progress, IReadOnlyList<string> NewLogLines) : GenerationUpdate;

    /// <summary>Done; fetch the result now.</summary>
    public sealed record Completed : GenerationUpdate;

    /// <summary>The provider finished with an error.</summary>
    public sealed record Failed(JobError Error) : GenerationUpdate;
}
