using FalVideo.Core.Batches;

namespace FalVideo.Blazor.State;

/// <summary>An immutable picture of the batch being watched: its summary and its rows in row order.</summary>
public sealed record BatchWatchSnapshot(BatchView Batch, IReadOnlyList<BatchRowView> Rows, long Version);
