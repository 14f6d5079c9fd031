namespace FalVideo.FakeFal;

/// <summary>How simulated requests progress: queue positions, log cadence, keep-alives; and which key is accepted.</summary>
public sealed record FakeFalBehavior
{
    /// <summary>Positions a request passes through in the queue (0 = starts running at once).</summary>
    public int QueuePositions { get; init; } = 2;
    public TimeSpan QueueStepInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>"step k/n" log lines while running; the request completes after the last.</summary>
    public int Steps { get; init; } = 5;
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>SSE keep-alive comment cadence (fal: 15 s).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>How long results stay fetchable after completion; null = for the fake's lifetime.</summary>
    public TimeSpan? ResultRetention { get; init; }
    /// <summary>The only key accepted (<c>Authorization: Key …</c>); null = any non-empty key.</summary>
    public string? ExpectedKey { get; init; }
    /// <summary>Seed for probability-based faults and random output seeds.</summary>
    public int RandomSeed { get; init; } = 12345;
}
