using FalVideo.Core.Import;

namespace FalVideo.Core.Batches;

/// <summary>The rejected rows of an import with the header and delimiter needed to write them back as a CSV to fix.</summary>
public sealed record RejectedRows(IReadOnlyList<string>? Header, char? Delimiter, IReadOnlyList<RejectedRow> Rows)
{
    public static RejectedRows From(ImportResult result) => new(
        result.HasHeader ? [.. result.Columns.Select(c => c.Header)] : null,
        result.Delimiter,
        [.. result.RejectedRows.Select(r => new RejectedRow(r.RowNumber, r.Line, r.Prompt, r.Cells,
            [.. r.Messages.Where(m => m.Severity == ImportSeverity.Error).Select(m => m.Text)]))]);
}
