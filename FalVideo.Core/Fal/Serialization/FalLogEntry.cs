namespace FalVideo.Core.Fal.Serialization;

/// <summary>One log line of a queue status (<c>timestamp</c>, <c>level</c>, <c>source</c>, <c>message</c>).</summary>
public sealed record FalLogEntry(string? Message, string? Level = null, string? Source = null, string? Timestamp = null);
