namespace FalVideo.Blazor.Api;

/// <summary>Row counts of a preview: <c>valid</c> rows (ok + warning) are what Start queues.</summary>
public sealed record BatchPreviewTotals(int Rows, int Valid, int Warnings, int Rejected, int SkippedLines);
