namespace FalVideo.Core.Batches;

/// <summary>A row refused at import, kept with the batch: its cells as read and why it was refused.</summary>
public sealed record RejectedRow(int RowNumber, int Line, string Prompt, IReadOnlyList<string> Cells, IReadOnlyList<string> Errors);
