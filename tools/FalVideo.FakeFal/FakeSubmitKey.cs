namespace FalVideo.FakeFal;

/// <summary>What identifies "the same paid request" for counting: model, prompt and the seed sent (null when none).</summary>
public sealed record FakeSubmitKey(string Model, string Prompt, long? Seed);
