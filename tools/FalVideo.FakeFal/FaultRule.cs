using System.Text.Json.Nodes;

namespace FalVideo.FakeFal;

/// <summary>
/// One injected fault. It fires for the next <see cref="Times"/> matching calls, or on each matching call with
/// <see cref="Probability"/> (seeded, so runs repeat), or on every matching call when neither is set.
/// </summary>
public sealed record FaultRule
{
    public required FaultKind Kind { get; init; }
    /// <summary>The call it applies to; null = any call the kind makes sense for.</summary>
    public FakeOperation? Operation { get; init; }
    public int? Times { get; init; }
    public double? Probability { get; init; }
    /// <summary>Only for requests of this model (submit-time kinds) / this model's app path.</summary>
    public string? Model { get; init; }

    /// <summary>The answer's status: for <see cref="FaultKind.HttpStatus"/> (default 503) and <see cref="FaultKind.CompletedWithError"/>'s result (default 422).</summary>
    public int? StatusCode { get; init; }
    public TimeSpan? RetryAfter { get; init; }
    public TimeSpan Delay { get; init; }
    public int AfterEvents { get; init; }
    public long BytesPerSecond { get; init; } = 64 * 1024;
    public double Fraction { get; init; } = 0.5;
    /// <summary>The 422 <c>detail</c> array for <see cref="FaultKind.CompletedWithError"/>; null = a content-policy refusal of the prompt.</summary>
    public JsonArray? Detail { get; init; }
}
