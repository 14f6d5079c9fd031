using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using FalVideo.Core.Catalog;
using FalVideo.Core.Jobs;

namespace FalVideo.Core.Import;

/// <summary>One pass over an upload's records: header, blank rows, row validation. Used once by <see cref="CsvPromptImporter"/>.</summary>
internal sealed class CsvFileReading(
    CsvPromptImporter importer,
    ModelDefinition model,
    JsonObject defaults,
    char? delimiter,
    int lineOffset,
    CancellationToken cancellationToken)
{
    private const char NoSeparator = '\x1F';

    private readonly List<ImportRow> _rows = [];
    private readonly List<ImportMessage> _fileMessages = [];
    private readonly List<int> _skippedLines = [];
    private readonly List<CsvMalformedRecord> _malformed = [];
    private readonly Dictionary<int, int> _filledCellsByColumn = [];
    private ImportColumn[] _columns = [];
    private int _promptIndex;
    private int _modelIndex = -1;
    private int _headerLine;
    private bool _usedDecimalComma;

    public bool HasHeader { get; private set; }
    public IReadOnlyList<ImportColumn> Columns => _columns;
    public IReadOnlyList<ImportRow> Rows => _rows;
    public IReadOnlyList<ImportMessage> FileMessages => _fileMessages;
    public IReadOnlyList<int> SkippedLines => _skippedLines;

    private bool DecimalCommaAllowed => delimiter is ';' or '\t';

    public void Read(ReadOnlyMemory<byte> utf8)
    {
        var records = ReadRecords(utf8);
        var headerSeen = false;
        var dataRows = 0;
        var titleLines = TitleLines(records);
        var width = HeaderlessWidth(records, titleLines.Count);
        foreach (var (line, record) in records)
        {
            var cells = record;
            if (Array.TrueForAll(cells, CellReader.IsBlank))
            {
                _skippedLines.Add(line);
                continue;
            }
            if (titleLines.Contains(line)) continue;
            if (!headerSeen)
            {
                headerSeen = true;
                if (ReadHeader(width is { } w ? cells[..w] : cells, line, records)) continue;
            }
            if (width is { } n && cells.Length > n) cells = cells[..n];
            dataRows++;
            if (dataRows > importer.MaxRows) continue; // counted for the message, not kept
            _rows.Add(BuildRow(dataRows, line, cells));
        }
        if (titleLines.Count > 0 && HasHeader)
        {
            var shown = string.Join(", ", titleLines.Select(l => $"{l} ('{Shorten(records.First(r => r.Line == l).Cells.First(c => !CellReader.IsBlank(c)).Trim())}')"));
            _fileMessages.Add(new ImportMessage(ImportSeverity.Warning, "title_lines_skipped",
                $"Line(s) {shown} above the header on line {_headerLine} look like a title, not prompts, and were not imported. If they are prompts, put them below the header.",
                Args: [shown, Num(_headerLine)]));
        }

        if (!headerSeen)
        {
            throw CsvPromptImporter.Refuse(ImportRefusal.FileEmpty, "The file is empty",
                lineOffset > 0
                    ? $"The file holds only the sep={delimiter} line that names the delimiter: no header, no rows. Choose the CSV file that holds your prompts."
                    : "The file has no text, only blank lines. Choose the CSV file that holds your prompts.");
        }
        ApplyMalformedRecords();
        if (HasHeader && dataRows == 0)
        {
            throw CsvPromptImporter.Refuse(ImportRefusal.NoRows, "No rows",
                $"The file has a header (line {_headerLine}: {string.Join(", ", _columns.Select(c => c.Header))}) but no rows below it. Add one prompt per row.",
                [_headerLine.ToString(CultureInfo.InvariantCulture)], _headerLine);
        }
        if (dataRows > importer.MaxRows)
        {
            var count = dataRows.ToString("N0", CultureInfo.InvariantCulture);
            var limit = importer.MaxRows.ToString("N0", CultureInfo.InvariantCulture);
            throw CsvPromptImporter.Refuse(ImportRefusal.TooManyRows, "Too many rows",
                $"The file has {count} rows; the limit is {limit} per batch. Split it into files of at most {limit} rows.", [count, limit]);
        }
        AddColumnWarnings();
        if (_skippedLines.Count > 0)
        {
            var lines = LineRanges(_skippedLines);
            _fileMessages.Add(new ImportMessage(ImportSeverity.Info, "blank_rows_skipped",
                $"Skipped {_skippedLines.Count} blank or whitespace-only line(s): {lines}.", Args: [_skippedLines.Count.ToString(CultureInfo.InvariantCulture), lines]));
        }
        if (_usedDecimalComma)
        {
            _fileMessages.Add(new ImportMessage(ImportSeverity.Warning, "decimal_comma",
                "Decimal commas in number columns were read as decimal points (7,5 → 7.5), as European-locale Excel writes them in semicolon-delimited files. Check the values in the preview."));
        }
    }

    /// <summary>Every record with its line. Whitespace between a delimiter and a quote is CsvHelper's to trim; unquoted cells are kept exactly as typed.</summary>
    private List<(int Line, string[] Cells)> ReadRecords(ReadOnlyMemory<byte> utf8)
    {
        var csvOptions = new CsvReaderOptions
        {
            Separator = delimiter ?? NoSeparator,
            HasHeader = false, // the header is matched here: aliases, duplicates, headerless lists
            TrackLineNumbers = true,
            SkipEmptyLines = false, // blank lines are reported with their numbers
            AllowLineBreaksInQuotes = true,
            // `"a cat", "blurry, dark"`: a quote after spaces still opens a quoted field, spaces after the closing quote are not text.
            TrimWhitespace = true,
            WhitespaceCharacters = delimiter == '\t' ? " " : " \t",
            OnMalformedRecord = record => _malformed.Add(record),
        };
        var records = new List<(int, string[])>();
        using var reader = CsvReader.Create(utf8, csvOptions);
        while (reader.Read())
        {
            if ((reader.RowNumber & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = Cell(reader, i);
            records.Add((checked((int)reader.LineNumber) + lineOffset, cells));
        }
        return records;
    }

    /// <summary>A quoted cell as CsvHelper decodes it; an unquoted one byte for byte, spaces included (prompts are never trimmed).</summary>
    private static string Cell(CsvReader reader, int index)
    {
        var raw = reader.GetRawSpan(index);
        var start = 0;
        while (start < raw.Length && raw[start] is (byte)' ' or (byte)'\t') start++;
        return start < raw.Length && raw[start] == (byte)'"' ? reader.GetString(index) : System.Text.Encoding.UTF8.GetString(raw);
    }

    /// <summary>Lines of one cell above a recognised header (a title such as "My prompts" or Numbers' "Table 1").</summary>
    private List<int> TitleLines(List<(int Line, string[] Cells)> records)
    {
        var titles = new List<int>();
        foreach (var (line, cells) in records)
        {
            if (Array.TrueForAll(cells, CellReader.IsBlank)) continue;
            var fields = cells.Where(c => !CellReader.IsBlank(c)).Select(importer.ColumnNames.FieldOf).ToList();
            if (fields.Contains(ColumnNames.Prompt) && (fields.Count == 1 || fields.Count(f => f is not null) >= 2)) return titles;
            if (titles.Count == DelimiterSniffer.MaxTitleLines || cells.Count(c => !CellReader.IsBlank(c)) != 1) return [];
            titles.Add(line);
        }
        return [];
    }

    /// <summary>
    /// Without a header, the number of columns that hold anything: trailing delimiters on every line ("a cat,",
    /// "ein Hund;;") make empty columns, not a second column. Null when the first record is a header.
    /// </summary>
    private int? HeaderlessWidth(List<(int Line, string[] Cells)> records, int skip)
    {
        var rows = records.Where(r => !Array.TrueForAll(r.Cells, CellReader.IsBlank)).Skip(skip).ToList();
        if (rows.Count == 0 || rows[0].Cells.Any(c => !CellReader.IsBlank(c) && importer.ColumnNames.FieldOf(c) is not null)) return null;
        var width = rows.Max(r => Array.FindLastIndex(r.Cells, c => !CellReader.IsBlank(c)) + 1);
        return width < rows.Max(r => r.Cells.Length) ? width : null;
    }

    /// <summary>
    /// Whether headerless records look like prompts cut at their commas rather than prompts with settings: no cell after
    /// the first of the first records is a number, a ratio (16:9) or true/false.
    /// </summary>
    private static bool LooksLikePromptList(List<(int Line, string[] Cells)> records) =>
        !records.Take(20).Any(r => r.Cells.Skip(1).Any(c => LooksLikeSetting(c.Trim())));

    private static bool LooksLikeSetting(string text) =>
        text.Length > 0 && (double.TryParse(CellReader.FoldFullWidth(text), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || System.Text.RegularExpressions.Regex.IsMatch(CellReader.FoldFullWidth(text), @"^\d+\s*:\s*\d+$")
            || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether every non-blank cell repeats the header's name for its column (the header pasted again).</summary>
    private bool RepeatsHeader(string[] cells) =>
        cells.Any(c => !CellReader.IsBlank(c))
        && cells.Select((c, i) => CellReader.IsBlank(c) || (i < _columns.Length && ColumnNames.Key(c) == ColumnNames.Key(_columns[i].Header))).All(x => x);

    private static int ControlCharacterAt(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) && text[i] is not ('\t' or '\r' or '\n')) return i;
        }
        return -1;
    }

    /// <summary>Cells that name only known columns, one of them the prompt: a header line.</summary>
    private bool IsHeaderLike(IReadOnlyList<string> cells)
    {
        var names = cells.Where(c => !CellReader.IsBlank(c)).Select(importer.ColumnNames.FieldOf).ToList();
        return names.Count > 0 && names.Contains(ColumnNames.Prompt) && names.TrueForAll(f => f is not null);
    }

    /// <summary>Returns true when <paramref name="cells"/> is a header; false for the first prompt of a headerless one-column list.</summary>
    private bool ReadHeader(string[] cells, int line, List<(int Line, string[] Cells)> records)
    {
        var names = importer.ColumnNames;
        var fields = cells.Select(c => CellReader.IsBlank(c) ? null : names.FieldOf(c)).ToArray();
        if (!fields.Contains(ColumnNames.Prompt))
        {
            if (fields.Any(f => f is not null))
            {
                throw CsvPromptImporter.Refuse(ImportRefusal.NoPromptColumn, "No prompt column",
                    $"The header on line {line} ({string.Join(", ", cells)}) has no prompt column. Name the column that holds the prompts \"prompt\" (or \"text\", \"プロンプト\").",
                    [line.ToString(CultureInfo.InvariantCulture), string.Join(", ", cells)], line);
            }
            if (cells.Length > 1 && LooksLikePromptList(records))
            {
                var shown = string.Join(", ", cells.Select(c => $"'{Shorten(c)}'"));
                var delimiterName = delimiter == '\t' ? "tab" : delimiter.ToString() ?? "";
                throw CsvPromptImporter.Refuse(ImportRefusal.NoHeaderPromptList, "No header line",
                    $"Line {line} ({shown}) is split into {cells.Length} columns at '{delimiterName}', and no line names the columns. If every line is one prompt, add a first line that says just prompt — each line is then read whole, '{delimiterName}' included. (Alternatively put each prompt that contains '{delimiterName}' in double quotes.)",
                    [line.ToString(CultureInfo.InvariantCulture), shown, cells.Length.ToString(CultureInfo.InvariantCulture), delimiterName], line);
            }
            if (cells.Length > 1)
            {
                var shown = string.Join(", ", cells.Select(c => $"'{Shorten(c)}'"));
                throw CsvPromptImporter.Refuse(ImportRefusal.NoHeader, "No header line",
                    $"Line {line} ({shown}) does not name the columns, so the {cells.Length} columns cannot be told apart. Add a first line such as prompt{delimiter}seed{delimiter}aspect_ratio — the prompt column can also be called text or プロンプト. (A file with one prompt per line and no other columns needs no header.)",
                    [line.ToString(CultureInfo.InvariantCulture), shown, cells.Length.ToString(CultureInfo.InvariantCulture)], line);
            }
            // One column and no known name: a plain list, one prompt per line.
            _columns = [new ImportColumn(0, "", ColumnNames.Prompt)];
            _promptIndex = 0;
            return false;
        }

        var duplicates = cells.Select((c, i) => (Cell: c, Index: i, Field: fields[i]))
            .Where(c => !CellReader.IsBlank(c.Cell))
            .GroupBy(c => c.Field ?? "?" + ColumnNames.Key(c.Cell))
            .Where(g => g.Count() > 1)
            .ToList();
        if (duplicates.Count > 0)
        {
            var described = string.Join("; ", duplicates.Select(g =>
                $"{string.Join(" and ", g.Select(c => $"column {c.Index + 1} ('{c.Cell}')"))} both mean {g.First().Field ?? g.First().Cell.Trim()}"));
            throw CsvPromptImporter.Refuse(ImportRefusal.DuplicateColumns, "Duplicate columns",
                $"The header on line {line} names a column more than once: {described}. Each column may appear once; remove or rename the extra one.",
                [line.ToString(CultureInfo.InvariantCulture), described], line);
        }

        HasHeader = true;
        _headerLine = line;
        _columns = [.. cells.Select((c, i) => new ImportColumn(i, CellReader.TrimInvisible(c).Trim(), fields[i]))];
        _promptIndex = Array.IndexOf(fields, ColumnNames.Prompt);
        _modelIndex = Array.IndexOf(fields, ColumnNames.Model);
        return true;
    }

    private ImportRow BuildRow(int rowNumber, int line, string[] cells)
    {
        var messages = new List<ImportMessage>();
        var prompt = _promptIndex < cells.Length ? cells[_promptIndex] : "";

        // A header line among the rows (pasted twice, or in a one-prompt-per-line list) is not a prompt to pay for.
        if (HasHeader ? RepeatsHeader(cells) : prompt.Split([',', ';', '\t', '|']) is var pieces && pieces.Count(c => !CellReader.IsBlank(c)) >= 2 && IsHeaderLike(pieces))
        {
            var shown = string.Join(", ", cells.Where(c => !CellReader.IsBlank(c)).Select(c => c.Trim()));
            messages.Add(RowError(line, null, shown, "header_row",
                $"'{Shorten(shown)}' is a header line, not a prompt; delete line {line}" + (HasHeader ? $" (the header is line {_headerLine})" : " or move it to the top of the file")));
            return new ImportRow(rowNumber, line, prompt, model.Id, [], cells, ImportRowState.Error, messages, null);
        }

        if (HasHeader && cells.Length > _columns.Length)
        {
            if (cells.Skip(_columns.Length).Any(c => !CellReader.IsBlank(c)))
            {
                var delimiterName = delimiter == '\t' ? "tab" : delimiter.ToString();
                messages.Add(RowError(line, null, null, "too_many_cells",
                    $"has {cells.Length} cells but the header has {_columns.Length} columns; a prompt that contains '{delimiterName}' must be in double quotes",
                    cells.Length.ToString(CultureInfo.InvariantCulture), _columns.Length.ToString(CultureInfo.InvariantCulture), delimiterName ?? ""));
                // The cells no longer line up with the columns: checking them would only add misleading errors.
                return new ImportRow(rowNumber, line, prompt, model.Id, [], cells, ImportRowState.Error, messages, null);
            }
        }
        for (var i = 0; i < Math.Min(cells.Length, _columns.Length); i++)
        {
            if (_columns[i].Field is null && !CellReader.IsBlank(cells[i])) _filledCellsByColumn[i] = _filledCellsByColumn.GetValueOrDefault(i) + 1;
        }

        var rowModel = model;
        if (_modelIndex >= 0 && _modelIndex < cells.Length && !CellReader.IsBlank(cells[_modelIndex]))
        {
            var name = CellReader.FoldFullWidth(cells[_modelIndex].Trim());
            if (importer.FindModel(name) is { } found) rowModel = found;
            else messages.Add(RowError(line, _columns[_modelIndex].Header, cells[_modelIndex], "unknown_model",
                $"is not a supported model; use one of {string.Join(", ", importer.Models.Select(m => m.Id))}"));
        }

        var parameters = new JsonObject();
        foreach (var column in _columns)
        {
            if (column.Field is null or ColumnNames.Prompt or ColumnNames.Model || column.Index >= cells.Length) continue;
            var raw = cells[column.Index];
            if (CellReader.IsBlank(raw)) continue;
            if (rowModel.Field(column.Field) is not { } field)
            {
                // Columns the batch's model lacks are reported once for the file; a row's own model is reported on the row.
                if (!ReferenceEquals(rowModel, model))
                    messages.Add(new ImportMessage(ImportSeverity.Warning, "field_not_in_model",
                        $"Line {line}, column {column.Header}: {rowModel.DisplayName} has no field {column.Field}; the value is ignored.",
                        line, column.Header, raw, [Num(line), column.Header, raw, rowModel.DisplayName]));
                continue;
            }
            var reading = CellReader.Read(field, raw, DecimalCommaAllowed);
            foreach (var (severity, code, note) in reading.Notes)
            {
                if (code == "decimal_comma") _usedDecimalComma = true;
                messages.Add(new ImportMessage(severity, code, $"Line {line}, column {column.Header}: {note}.", line, column.Header, raw, [Num(line), column.Header, raw, note]));
            }
            if (reading.Ok) parameters[field.Name] = reading.Value;
            else messages.Add(RowError(line, column.Header, raw, "invalid_value", Reason(raw, reading.Error)));
        }

        var promptColumn = _columns[_promptIndex].Header is { Length: > 0 } header ? header : ColumnNames.Prompt;
        foreach (var column in _columns)
        {
            if (column.Field is null || column.Index >= cells.Length || TextPlausibility.UndoDoubleEncoding(cells[column.Index]) is not { } repaired) continue;
            var name = column.Field == ColumnNames.Prompt ? promptColumn : column.Header;
            messages.Add(RowError(line, name, cells[column.Index], "double_encoded",
                $"'{Shorten(cells[column.Index])}' looks double-encoded: it is probably '{Shorten(repaired)}' converted to UTF-8 twice. Fix the text, or export the original file again as \"CSV UTF-8\"",
                Shorten(repaired)));
        }
        if (CellReader.IsBlank(prompt))
        {
            var invisible = CellReader.InvisibleNames(prompt);
            messages.Add(RowError(line, promptColumn, prompt, "empty_prompt",
                prompt.Length == 0 ? "the prompt is empty; write what the video should show"
                : invisible.Length > 0 ? $"the prompt has only invisible characters ({invisible}); write what the video should show"
                : "the prompt is only spaces; write what the video should show"));
        }
        else if (ControlCharacterAt(prompt) is >= 0 and var at)
        {
            var code = $"U+{(int)prompt[at]:X4}";
            messages.Add(RowError(line, promptColumn, prompt, "control_character",
                $"the prompt contains the control character {code} at position {at + 1}, which text never has; delete it", code));
        }
        else if (prompt.Length > JobCommands.MaxPromptLength)
        {
            messages.Add(RowError(line, promptColumn, Shorten(prompt), "prompt_too_long",
                $"the prompt is {prompt.Length} characters; the limit is {JobCommands.MaxPromptLength}",
                prompt.Length.ToString(CultureInfo.InvariantCulture), JobCommands.MaxPromptLength.ToString(CultureInfo.InvariantCulture)));
        }
        else if (!HasHeader && rowNumber == 1 && LooksLikeColumnName(prompt))
        {
            messages.Add(new ImportMessage(ImportSeverity.Warning, "maybe_header",
                $"Line {line}: '{prompt}' was read as a prompt because it is not a known column name; if it is the header, rename it \"prompt\".",
                line, null, prompt, [Num(line), "", prompt, ""]));
        }

        foreach (var (name, value) in defaults)
        {
            if (parameters[name] is null && rowModel.Field(name) is not null) parameters[name] = value!.DeepClone();
        }

        decimal? cost = null;
        if (!messages.Exists(m => m.Severity == ImportSeverity.Error))
        {
            foreach (var validator in importer.Validators)
            {
                var check = validator.Check(rowModel.Id, prompt, parameters);
                foreach (var error in check.Errors)
                {
                    var column = _columns.FirstOrDefault(c => c.Field == error.Field)?.Header ?? error.Field;
                    messages.Add(RowError(line, column, error.Value, "invalid_value", error.Value is null ? error.Message : Reason(error.Value, error.Message)));
                }
                parameters = check.Parameters;
                cost = check.EstimatedCost ?? cost;
            }
        }
        return new ImportRow(rowNumber, line, prompt, rowModel.Id, parameters, cells, StateOf(messages), messages, messages.Exists(m => m.Severity == ImportSeverity.Error) ? null : cost);
    }

    private void ApplyMalformedRecords()
    {
        foreach (var record in _malformed)
        {
            var line = checked((int)record.LineNumber) + lineOffset;
            if (record.Reason == CsvMalformedReason.UnterminatedQuote)
            {
                throw CsvPromptImporter.Refuse(ImportRefusal.UnterminatedQuote, "Unclosed quote",
                    $"Line {line} opens a double quote that is never closed, so everything after it would be read as one cell. Close the quote on line {line} (a quote inside a quoted cell is written twice: \"\").",
                    [line.ToString(CultureInfo.InvariantCulture)], line);
            }
            if (record.Reason != CsvMalformedReason.TextAfterClosingQuote) continue; // a stray quote inside an unquoted cell is kept as text
            var index = _rows.FindIndex(r => r.Line == line);
            if (index < 0) continue;
            var row = _rows[index];
            // CsvHelper recovers "a cat "big" bad" as 'a cat big" bad"': a changed prompt, so the row is not queued.
            var raw = Shorten(record.RawRecord ?? "");
            var error = RowError(line, null, raw, "quote_recovered",
                $"a quoted cell has text after its closing quote ({raw}), so the quotes cannot be read reliably; inside a quoted cell write each quote twice (\"a cat \"\"big\"\" bad\"), or remove the outer quotes");
            var messages = row.Messages.Append(error).ToList();
            _rows[index] = row with { Messages = messages, State = StateOf(messages), EstimatedCost = null };
        }
    }

    private void AddColumnWarnings()
    {
        if (!HasHeader) return;
        var unknown = _columns.Where(c => c.Field is null && !CellReader.IsBlank(c.Header)).ToList();
        if (unknown.Count > 0)
        {
            var list = string.Join(", ", unknown.Select(c => $"{c.Header.Trim()} (column {c.Index + 1})"));
            _fileMessages.Add(new ImportMessage(ImportSeverity.Warning, "unknown_columns",
                $"Columns the importer does not know were ignored: {list}. Known columns are prompt, model and the fields of {model.DisplayName}: {model.FieldList}.",
                Args: [list, model.DisplayName, model.FieldList]));
        }
        foreach (var column in _columns.Where(c => c.Field is null && CellReader.IsBlank(c.Header) && _filledCellsByColumn.ContainsKey(c.Index)))
        {
            var count = _filledCellsByColumn[column.Index];
            _fileMessages.Add(new ImportMessage(ImportSeverity.Warning, "unnamed_column",
                $"Column {column.Index + 1} has no name in the header, so its values in {count} row(s) were ignored.",
                Args: [Num(column.Index + 1), Num(count)]));
        }
        foreach (var column in _columns.Where(c => c.Field is not (null or ColumnNames.Prompt or ColumnNames.Model) && model.Field(c.Field!) is null))
        {
            _fileMessages.Add(new ImportMessage(ImportSeverity.Warning, "column_not_in_model",
                $"Column {column.Header.Trim()} is not a field of {model.DisplayName}, so its values are ignored (rows with their own model still use it).",
                Column: column.Header, Args: [column.Header.Trim(), model.DisplayName]));
        }
    }

    private static ImportMessage RowError(int line, string? column, string? value, string code, string reason, params string[] extra)
    {
        var where = column is null ? $"Line {line}" : $"Line {line}, column {column}";
        return new ImportMessage(ImportSeverity.Error, code, $"{where}: {reason}.", line, column, value, [Num(line), column ?? "", value ?? "", reason, .. extra]);
    }

    /// <summary>"'12.5' must be a whole number"; the catalog's choice messages already quote the value ("'21:9' is not one of …").</summary>
    private static string Reason(string value, string? error) =>
        error is null ? $"'{value}' is not valid" : error.StartsWith('\'') ? error : $"'{value}' {error}";

    private static ImportRowState StateOf(List<ImportMessage> messages) =>
        messages.Exists(m => m.Severity == ImportSeverity.Error) ? ImportRowState.Error
        : messages.Exists(m => m.Severity == ImportSeverity.Warning) ? ImportRowState.Warning
        : ImportRowState.Ok;

    /// <summary>An ASCII identifier ("description", "Prompt_Text"): a name, not a sentence or a Japanese prompt (which has no spaces either).</summary>
    private static bool LooksLikeColumnName(string text) =>
        text.Length is > 0 and <= 30 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "…";

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"3, 9, 12–14".</summary>
    internal static string LineRanges(IReadOnlyList<int> lines)
    {
        var parts = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var start = lines[i];
            while (i + 1 < lines.Count && lines[i + 1] == lines[i] + 1) i++;
            parts.Add(start == lines[i] ? Num(start) : $"{Num(start)}–{Num(lines[i])}");
        }
        return string.Join(", ", parts);
    }
}
