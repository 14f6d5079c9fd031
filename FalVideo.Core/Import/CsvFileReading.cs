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
        var csvOptions = new CsvReaderOptions
        {
            Separator = delimiter ?? NoSeparator,
            HasHeader = false, // the header is matched here: aliases, duplicates, headerless lists
            TrackLineNumbers = true,
            SkipEmptyLines = false, // blank lines are reported with their numbers
            AllowLineBreaksInQuotes = true,
            OnMalformedRecord = record => _malformed.Add(record),
        };
        using var reader = CsvReader.Create(utf8, csvOptions);
        var headerSeen = false;
        var dataRows = 0;
        while (reader.Read())
        {
            if ((reader.RowNumber & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var line = checked((int)reader.LineNumber) + lineOffset;
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
            if (Array.TrueForAll(cells, CellReader.IsBlank))
            {
                _skippedLines.Add(line);
                continue;
            }
            if (!headerSeen)
            {
                headerSeen = true;
                if (ReadHeader(cells, line)) continue;
            }
            dataRows++;
            if (dataRows > importer.MaxRows) continue; // counted for the message, not kept
            _rows.Add(BuildRow(dataRows, line, cells));
        }

        if (!headerSeen)
        {
            throw CsvPromptImporter.Refuse(ImportRefusal.FileEmpty, "The file is empty",
                "The file has no text, only blank lines. Choose the CSV file that holds your prompts.");
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

    /// <summary>Returns true when <paramref name="cells"/> is a header; false for the first prompt of a headerless one-column list.</summary>
    private bool ReadHeader(string[] cells, int line)
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
        _columns = [.. cells.Select((c, i) => new ImportColumn(i, c, fields[i]))];
        _promptIndex = Array.IndexOf(fields, ColumnNames.Prompt);
        _modelIndex = Array.IndexOf(fields, ColumnNames.Model);
        return true;
    }

    private ImportRow BuildRow(int rowNumber, int line, string[] cells)
    {
        var messages = new List<ImportMessage>();
        var prompt = _promptIndex < cells.Length ? cells[_promptIndex] : "";

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
            messages.Add(RowError(line, promptColumn, prompt, "empty_prompt",
                prompt.Length == 0 ? "the prompt is empty; write what the video should show" : "the prompt is only spaces; write what the video should show"));
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
            if (record.Reason != CsvMalformedReason.TextAfterClosingQuote) continue; // a stray quote inside a cell is kept as text
            var index = _rows.FindIndex(r => r.Line == line);
            if (index < 0) continue;
            var row = _rows[index];
            var warning = new ImportMessage(ImportSeverity.Warning, "quote_recovered",
                $"Line {line}: a cell has text after its closing quote; it was read as shown. If a cell should contain quotes, put the whole cell in quotes and double the inner ones (\"\").",
                line, null, null, [Num(line), "", "", ""]);
            var messages = row.Messages.Append(warning).ToList();
            _rows[index] = row with { Messages = messages, State = StateOf(messages) };
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
