using System.Text.Json.Nodes;

namespace FalVideo.Core.Import;

/// <summary>
/// The validated preview of an upload. Nothing is queued until the user confirms it; then only the valid rows
/// (<see cref="ImportRowState.Ok"/> and <see cref="ImportRowState.Warning"/>) become jobs.
/// </summary>
public sealed record ImportResult(
    string? FileName,
    string ModelId,
    JsonObject DefaultParameters,
    EncodingDetection Encoding,
    char? Delimiter,
    bool HasHeader,
    IReadOnlyList<ImportColumn> Columns,
    IReadOnlyList<ImportRow> Rows,
    IReadOnlyList<ImportMessage> FileMessages,
    IReadOnlyList<int> SkippedLines)
{
    public IEnumerable<ImportRow> ValidRows => Rows.Where(r => r.IsValid);

    public IEnumerable<ImportRow> RejectedRows => Rows.Where(r => !r.IsValid);

    public int ValidCount => Rows.Count(r => r.IsValid);

    public int RejectedCount => Rows.Count(r => !r.IsValid);

    public int WarningCount => Rows.Count(r => r.State == ImportRowState.Warning);

    /// <summary>Sum of the valid rows' estimates (USD); rows whose price is unknown add nothing (see <see cref="UnpricedRows"/>).</summary>
    public decimal EstimatedCost => ValidRows.Sum(r => r.EstimatedCost ?? 0m);

    /// <summary>Valid rows whose model has no known price.</summary>
    public int UnpricedRows => ValidRows.Count(r => r.EstimatedCost is null);

    /// <summary>Every error, from the file and the rows, in line order.</summary>
    public IEnumerable<ImportMessage> Errors => FileMessages.Concat(Rows.SelectMany(r => r.Messages)).Where(m => m.Severity == ImportSeverity.Error);

    /// <summary>How the delimiter is shown: "," ";" "tab", or "none" for a one-column file.</summary>
    public string DelimiterName => Delimiter switch
    {
        null => "none",
        '\t' => "tab",
        { } c => c.ToString(),
    };
}
