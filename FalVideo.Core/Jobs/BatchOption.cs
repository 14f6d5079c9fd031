namespace FalVideo.Core.Jobs;

/// <summary>A batch as a filter choice (gallery).</summary>
public sealed record BatchOption(Guid Id, string Name, DateTimeOffset CreatedAt);
