using System.Text.Json.Nodes;
using FalVideo.Core.Import;

namespace FalVideo.Blazor.Api;

/// <summary>
/// <c>POST /api/batches</c> with <c>start=false</c>: what would be queued. <c>errors</c> and <c>warnings</c> list every
/// finding (file and rows) in line order; <c>rejectedCsvUrl</c> downloads the rejected rows to fix (kept 30 minutes).
/// </summary>
public sealed record BatchPreviewResponse(
    Guid PreviewId,
    string? FileName,
    string Model,
    JsonObject DefaultParameters,
    string Encoding,
    string EncodingReason,
    IReadOnlyList<string> EncodingAlternatives,
    string Delimiter,
    bool HasHeader,
    IReadOnlyList<ImportColumn> Columns,
    IReadOnlyList<BatchPreviewRow> Rows,
    IReadOnlyList<BatchPreviewMessage> Errors,
    IReadOnlyList<BatchPreviewMessage> Warnings,
    IReadOnlyList<BatchPreviewMessage> Notices,
    IReadOnlyList<int> SkippedLines,
    BatchPreviewTotals Totals,
    decimal EstimatedCost,
    int UnpricedRows,
    string? RejectedCsvUrl)
{
    public static BatchPreviewResponse From(ImportResult result, Guid previewId)
    {
        var all = result.FileMessages.Concat(result.Rows.SelectMany(r => r.Messages)).OrderBy(m => m.Line ?? 0).Select(BatchPreviewMessage.From).ToList();
        return new BatchPreviewResponse(previewId, result.FileName, result.ModelId, result.DefaultParameters,
            result.Encoding.Name, result.Encoding.Reason, result.Encoding.Alternatives, result.DelimiterName, result.HasHeader, result.Columns,
            [.. result.Rows.Select(BatchPreviewRow.From)],
            [.. all.Where(m => m.Severity == "error")],
            [.. all.Where(m => m.Severity == "warning")],
            [.. result.FileMessages.Where(m => m.Severity == ImportSeverity.Info).Select(BatchPreviewMessage.From)],
            result.SkippedLines,
            new BatchPreviewTotals(result.Rows.Count, result.ValidCount, result.WarningCount, result.RejectedCount, result.SkippedLines.Count),
            result.EstimatedCost, result.UnpricedRows,
            result.RejectedCount > 0 ? $"/api/batches/previews/{previewId}/rejected.csv" : null);
    }
}
