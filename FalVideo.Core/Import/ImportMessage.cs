namespace FalVideo.Core.Import;

/// <summary>
/// One finding about the file or a row. <see cref="Code"/> is stable (the UI localises by it, with <see cref="Args"/>
/// as the format arguments); <see cref="Text"/> is the English sentence, naming line, column and value where there are some.
/// </summary>
public sealed record ImportMessage(
    ImportSeverity Severity,
    string Code,
    string Text,
    int? Line = null,
    string? Column = null,
    string? Value = null,
    IReadOnlyList<string>? Args = null);
