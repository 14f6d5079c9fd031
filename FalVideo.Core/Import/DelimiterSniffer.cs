namespace FalVideo.Core.Import;

/// <summary>
/// Picks the delimiter of a CSV among comma, semicolon and tab by reading the first records the way a CSV parser would
/// (a quote opens a quoted field only at the start of a field, so commas inside quoted prompts do not count) and taking
/// the candidate that splits the header into several columns and every other record into the same number.
/// CsvHelper's own detection also considers '|' and counts characters per line regardless of quotes, which misreads
/// prompt lists full of commas; so the importer sniffs here and passes the delimiter explicitly.
/// </summary>
public static class DelimiterSniffer
{
    private const int MaxRecords = 100;
    private static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>
    /// The delimiter, or null when the text has one column. A first record that <paramref name="isHeader"/> recognises
    /// (a prompt column and another known name) settles it, whatever the rows look like — a row with an unquoted comma
    /// is then reported on its own line instead of turning the whole file into one column.
    /// </summary>
    public static char? Sniff(string text, Func<IReadOnlyList<string>, bool>? isHeader = null)
    {
        if (isHeader is not null)
        {
            var recognised = Candidates.Where(c => FirstRecordCells(text, c) is { Count: > 1 } cells && isHeader(cells)).ToList();
            if (recognised.Count == 1) return recognised[0];
            // A title line above the header ("My prompts", Numbers' "Table 1") has no delimiters; the header below it decides.
            recognised = Candidates.Where(c => HeaderBelowTitle(text, c, isHeader)).ToList();
            if (recognised.Count == 1) return recognised[0];
        }
        char? best = null;
        double bestConsistency = 0;
        var bestColumns = 0;
        foreach (var candidate in Candidates)
        {
            var counts = CountPerRecord(text, candidate);
            if (counts.Count == 0 || counts[0] == 0) continue;
            var header = counts[0];
            var consistency = counts.Count == 1 ? 1.0 : counts.Skip(1).Count(c => c == header) / (double)(counts.Count - 1);
            // Records with fewer cells than the header still fit (trailing empty cells left out by hand-written files).
            var fitting = counts.Count == 1 ? 1.0 : counts.Skip(1).Count(c => c <= header) / (double)(counts.Count - 1);
            if (fitting < 0.9 || consistency < 0.5) continue;
            if (best is null || consistency > bestConsistency || (consistency == bestConsistency && header > bestColumns))
            {
                best = candidate;
                bestConsistency = consistency;
                bestColumns = header;
            }
        }
        return best;
    }

    /// <summary>The cells of the first non-blank record, split at <paramref name="delimiter"/> outside quotes (quotes removed).</summary>
    internal static List<string> FirstRecordCells(string text, char delimiter) => RecordCells(text, delimiter, 1).FirstOrDefault() ?? [""];

    /// <summary>
    /// Whether the first non-blank records are one-cell title lines followed, within <see cref="MaxTitleLines"/>, by a
    /// record that <paramref name="isHeader"/> recognises when split at <paramref name="delimiter"/>.
    /// </summary>
    private static bool HeaderBelowTitle(string text, char delimiter, Func<IReadOnlyList<string>, bool> isHeader)
    {
        var records = RecordCells(text, delimiter, MaxTitleLines + 1);
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i - 1].Count(c => !string.IsNullOrWhiteSpace(c)) != 1) return false;
            if (records[i].Count > 1 && isHeader(records[i])) return true;
        }
        return false;
    }

    /// <summary>How many title lines above a header are recognised.</summary>
    public const int MaxTitleLines = 3;

    /// <summary>
    /// The cells of the first <paramref name="max"/> non-blank records, split at <paramref name="delimiter"/> outside
    /// quotes (quotes removed). Spaces between a delimiter and an opening quote, or a closing quote and a delimiter, are
    /// not part of the cell — the same rule CsvHelper applies with <c>TrimWhitespace</c>.
    /// </summary>
    internal static List<List<string>> RecordCells(string text, char delimiter, int max)
    {
        var records = new List<List<string>>();
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var inQuotes = false;
        var afterQuote = false;
        var atFieldStart = true;
        for (var i = 0; i < text.Length && records.Count < max; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"') { cell.Append(c); continue; }
                if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; continue; }
                inQuotes = false;
                afterQuote = true;
                continue;
            }
            if (c == '"' && atFieldStart) { inQuotes = true; atFieldStart = false; cell.Clear(); continue; }
            if (c == delimiter) { cells.Add(cell.ToString()); cell.Clear(); atFieldStart = true; afterQuote = false; continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                cells.Add(cell.ToString());
                if (cells.Exists(x => !string.IsNullOrWhiteSpace(x))) records.Add(cells);
                cells = [];
                cell.Clear();
                atFieldStart = true;
                afterQuote = false;
                continue;
            }
            if (c == ' ' && (atFieldStart || afterQuote))
            {
                // Leading spaces stay in an unquoted cell; before an opening quote they are dropped (cell.Clear above).
                if (atFieldStart) cell.Append(c);
                continue;
            }
            atFieldStart = false;
            cell.Append(c);
        }
        if (records.Count < max)
        {
            cells.Add(cell.ToString());
            if (cells.Exists(x => !string.IsNullOrWhiteSpace(x))) records.Add(cells);
        }
        return records;
    }

    /// <summary>Delimiters outside quotes in each of the first non-blank records.</summary>
    internal static List<int> CountPerRecord(string text, char delimiter)
    {
        var counts = new List<int>();
        var inQuotes = false;
        var atFieldStart = true;
        var count = 0;
        var blank = true;
        for (var i = 0; i < text.Length && counts.Count < MaxRecords; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"') continue;
                if (i + 1 < text.Length && text[i + 1] == '"') { i++; continue; }
                inQuotes = false;
                continue;
            }
            if (c == '"' && atFieldStart) { inQuotes = true; atFieldStart = false; blank = false; continue; }
            if (c == delimiter) { count++; atFieldStart = true; continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                if (!blank) counts.Add(count);
                count = 0;
                blank = true;
                atFieldStart = true;
                continue;
            }
            if (c is ' ') continue; // spaces before an opening quote keep the field start
            atFieldStart = false;
            if (!char.IsWhiteSpace(c)) blank = false;
        }
        if (!blank && counts.Count < MaxRecords) counts.Add(count);
        return counts;
    }
}
