using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using FalVideo.Core.Catalog;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Import;

/// <summary>
/// Reads an uploaded CSV into a validated preview (<see cref="ImportResult"/>): refuses what is not CSV text, detects the
/// encoding and delimiter, maps the header, skips blank rows (reporting their lines) and checks every row against the
/// model catalog. Parsing is CsvHelper's (RFC 4180: quoted commas, doubled quotes, line breaks in cells, CRLF/LF/CR);
/// encoding detection, delimiter sniffing and the <c>sep=</c> line are handled around it (see each class for why).
/// Nothing is queued here.
/// </summary>
public sealed class CsvPromptImporter(
    ModelCatalog catalog,
    ColumnNames columnNames,
    IEnumerable<IJobInputValidator> validators,
    DefaultModel defaultModel,
    IOptions<ImportOptions> options)
{
    private const int SniffChars = 64 * 1024;

    private readonly IJobInputValidator[] _validators = [.. validators];

    public ImportOptions Options => options.Value;

    /// <summary>Reads at most <see cref="ImportOptions.MaxFileBytes"/> from <paramref name="content"/> and imports it.</summary>
    public async Task<(ImportResult Result, byte[] Source)> ImportAsync(Stream content, ImportRequest request, CancellationToken cancellationToken = default)
    {
        var bytes = await ReadLimitedAsync(content, options.Value.MaxFileBytes, cancellationToken);
        return (Import(bytes, request, cancellationToken), bytes);
    }

    /// <summary>Reads a whole stream, refusing it as soon as it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadLimitedAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        // Never ask for more than one byte past the limit: a huge upload is refused without being read.
        while ((read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(null, maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static ImportRefusedException TooLarge(long? size, long maxBytes)
    {
        var limit = FormatBytes(maxBytes);
        var detail = size is { } s
            ? $"The file is {FormatBytes(s)}; the limit is {limit}. Split it into smaller files."
            : $"The file is larger than the limit of {limit}. Split it into smaller files.";
        return new ImportRefusedException(new ImportRefusal(ImportRefusal.TooLarge, "File too large", detail, [limit, size is { } x ? FormatBytes(x) : ""]));
    }

    public ImportResult Import(ReadOnlyMemory<byte> source, ImportRequest request, CancellationToken cancellationToken = default)
    {
        var model = ResolveModel(request.ModelId);
        var defaults = CheckDefaults(model, request.DefaultParameters);
        var bytes = source.Span;
        if (bytes.Length > options.Value.MaxFileBytes) throw TooLarge(bytes.Length, options.Value.MaxFileBytes);
        if (bytes.IsEmpty) throw Refuse(ImportRefusal.FileEmpty, "The file is empty", "The file is empty (0 bytes). Choose the CSV file that holds your prompts.");
        var notes = new List<ImportMessage>();
        if (NonTextFileDetector.TrailingNulPadding(bytes) is > 0 and var padding)
        {
            source = source[..^padding];
            bytes = source.Span;
            notes.Add(new ImportMessage(ImportSeverity.Warning, "nul_padding_removed",
                $"The file ended in {padding} NUL byte(s) of padding after the text; they were removed.", Args: [padding.ToString(CultureInfo.InvariantCulture)]));
        }
        if (NonTextFileDetector.Describe(bytes) is { } what)
        {
            throw Refuse(ImportRefusal.NotText, "Not a CSV file",
                $"This file is {what}, not CSV text. Open it in Excel (or your spreadsheet app) and choose File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\", then upload that file.",
                [what]);
        }

        if (NonTextFileDetector.StrayNul(bytes) is >= 0 and var nul)
        {
            var nulLine = EncodingDetector.LineOf(bytes, nul);
            throw Refuse(ImportRefusal.NulCharacter, "NUL character in the text",
                $"Line {nulLine} contains a NUL character (byte 0), which CSV text never has; the file was probably damaged or cut while saving. Remove the character from line {nulLine} (or retype the line), save the file as \"CSV UTF-8\" and upload it again.",
                [nulLine.ToString(CultureInfo.InvariantCulture)], nulLine);
        }
        if (bytes[^1] == 0x1A && !NonTextFileDetector.IsUtf16(bytes))
        {
            // Old DOS tools end a text file with Ctrl-Z (0x1A); it is an end-of-file mark, not a prompt.
            source = source[..^1];
            bytes = source.Span;
            notes.Add(new ImportMessage(ImportSeverity.Info, "ctrl_z_removed", "The DOS end-of-file mark (Ctrl-Z) at the end of the file was removed."));
            if (bytes.IsEmpty) throw Refuse(ImportRefusal.FileEmpty, "The file is empty", "The file holds only a DOS end-of-file mark (Ctrl-Z). Choose the CSV file that holds your prompts.");
        }

        var encoding = ChooseEncoding(bytes, request.Encoding);
        var text = EncodingDetector.Decode(bytes, encoding.Name, encoding.BomLength);
        var skip = encoding.BomLength;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            // A second BOM (or one the chosen encoding did not consume) is not part of the first header name.
            text = text[1..];
            skip += encoding.Name == TextEncodings.Utf8 ? 3 : 0;
        }
        if (text.Length == 0)
        {
            throw Refuse(ImportRefusal.FileEmpty, "The file is empty",
                "The file holds only a byte order mark (the invisible mark that says the text is UTF-8 or UTF-16) and no text: no header, no rows. Choose the CSV file that holds your prompts.");
        }
        // CsvHelper parses UTF-8: a UTF-8 upload is read in place, anything else once transcoded.
        ReadOnlyMemory<byte> utf8 = encoding.Name == TextEncodings.Utf8 ? source[skip..] : Encoding.UTF8.GetBytes(text);

        var lineOffset = 0;
        char? delimiter;
        if (SeparatorHint(text) is { } hint)
        {
            // Excel's "sep=;" first line names the delimiter; it is not a record.
            delimiter = hint.Delimiter;
            lineOffset = 1;
            utf8 = utf8[hint.Length..];
        }
        else
        {
            delimiter = DelimiterSniffer.Sniff(text.Length > SniffChars ? text[..SniffChars] : text, IsHeader);
        }

        var reading = new CsvFileReading(this, model, defaults, delimiter, lineOffset, cancellationToken);
        reading.Read(utf8);
        return new ImportResult(request.FileName, model.Id, defaults, encoding, delimiter, reading.HasHeader, reading.Columns, reading.Rows,
            [.. notes, .. reading.FileMessages], reading.SkippedLines);
    }

    /// <summary>Whether cells name a prompt column and at least one other known column.</summary>
    private bool IsHeader(IReadOnlyList<string> cells)
    {
        var fields = cells.Where(c => !CellReader.IsBlank(c)).Select(columnNames.FieldOf).ToList();
        return fields.Contains(ColumnNames.Prompt) && fields.Count(f => f is not null) >= 2;
    }

    private ModelDefinition ResolveModel(string? modelId)
    {
        var id = string.IsNullOrWhiteSpace(modelId) ? defaultModel.Id : modelId.Trim();
        return FindModel(id) ?? throw Refuse(ImportRefusal.UnknownModel, "Unknown model",
            $"'{id}' is not a supported model; use one of {string.Join(", ", catalog.Models.Select(m => m.Id))}.", [id]);
    }

    /// <summary>A model by its fal id or its display name, ignoring case ("fal-ai/VEO3", "Wan 2.1 1.3B").</summary>
    internal ModelDefinition? FindModel(string name) =>
        catalog.TryGet(name, out var model) ? model
        : catalog.Models.FirstOrDefault(m => string.Equals(m.Id, name, StringComparison.OrdinalIgnoreCase) || string.Equals(m.DisplayName, name, StringComparison.OrdinalIgnoreCase));

    private static JsonObject CheckDefaults(ModelDefinition model, JsonObject? defaults)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in defaults ?? [])
        {
            if (name == ColumnNames.Prompt || value is null) continue;
            copy[name] = value.DeepClone();
        }
        var errors = model.Validate(copy, includePrompt: false);
        if (errors.Count > 0)
        {
            throw Refuse(ImportRefusal.InvalidDefaults, "Invalid default parameters",
                $"The default parameters are not valid for {model.DisplayName}: {string.Join("; ", errors)}.", [model.DisplayName, string.Join("; ", errors)]);
        }
        return copy;
    }

    private static EncodingDetection ChooseEncoding(ReadOnlySpan<byte> bytes, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return EncodingDetector.Detect(bytes);
        var name = TextEncodings.Canonical(requested) ?? throw Refuse(ImportRefusal.UnknownEncoding, "Unknown encoding",
            $"'{requested}' is not an encoding the importer knows; use one of {string.Join(", ", TextEncodings.Names)}.", [requested]);
        return new EncodingDetection(name, TextEncodings.BomLength(name, bytes), "chosen by the user", [], EncodingDetection.ChosenByUser);
    }

    /// <summary>
    /// Excel's <c>sep=;</c> first line, also as Google Sheets and LibreOffice re-export it: quoted (<c>"sep=;"</c>) and/or
    /// padded with delimiters to the sheet's width (<c>sep=;;</c>). Returns the delimiter and the length of the line with its break.
    /// </summary>
    private static (char Delimiter, int Length)? SeparatorHint(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        var line = end < 0 ? text : text[..end];
        var quoted = line.StartsWith('"');
        var body = quoted ? line[1..] : line;
        if (body.Length < 5 || !body.StartsWith("sep=", StringComparison.OrdinalIgnoreCase)) return null;
        var delimiter = body[4];
        if (delimiter is not (',' or ';' or '\t' or '|')) return null;
        var rest = body[5..];
        if (quoted)
        {
            if (!rest.StartsWith('"')) return null;
            rest = rest[1..];
        }
        if (rest.Any(c => c != delimiter)) return null;
        var length = end < 0 ? text.Length : end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        return (delimiter, length);
    }

    internal static ImportRefusedException Refuse(string code, string title, string detail, IReadOnlyList<string>? args = null, int? line = null) =>
        new(new ImportRefusal(code, title, detail, args ?? [], line));

    internal static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB";

    internal int MaxRows => options.Value.MaxRows;

    internal IReadOnlyList<IJobInputValidator> Validators => _validators;

    internal ColumnNames ColumnNames => columnNames;

    internal IReadOnlyList<ModelDefinition> Models => catalog.Models;
}
