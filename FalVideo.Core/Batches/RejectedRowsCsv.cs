using CsvHelper;

namespace FalVideo.Core.Batches;

/// <summary>
/// Writes rejected rows back as a CSV the user can fix and upload again: an <c>errors</c> column first (the importer
/// ignores it, with a warning, on re-upload), then the row's cells under the original header, in the original delimiter,
/// UTF-8 with a BOM so Excel opens it correctly in every locale. Cells are written exactly as uploaded — they are the
/// user's own data going back to them, and escaping formulas here would change their prompts on the round trip.
/// </summary>
public static class RejectedRowsCsv
{
    public const string ErrorsColumn = "errors";

    public static async Task WriteAsync(RejectedRows rejected, Stream output, CancellationToken cancellationToken = default)
    {
        var options = new CsvWriterOptions { Separator = rejected.Delimiter ?? ',', WriteByteOrderMark = true, ValidateFieldCount = false };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        var header = rejected.Header ?? ["prompt"];
        csv.WriteField(ErrorsColumn);
        foreach (var name in header) csv.WriteField(name);
        await csv.EndRecordAsync(cancellationToken);
        foreach (var row in rejected.Rows)
        {
            csv.WriteField(string.Join(" ", row.Errors));
            // Every cell as read, also any beyond the header (a prompt split at an unquoted delimiter).
            var count = Math.Max(header.Count, row.Cells.Count);
            for (var i = 0; i < count; i++) csv.WriteField(i < row.Cells.Count ? row.Cells[i] : "");
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }
}
