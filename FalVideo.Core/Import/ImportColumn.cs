namespace FalVideo.Core.Import;

/// <summary>A column of the file: its header as written and the input field it feeds (null when unknown or unnamed).</summary>
public sealed record ImportColumn(int Index, string Header, string? Field);
