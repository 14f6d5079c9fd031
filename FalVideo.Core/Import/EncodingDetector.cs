using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace FalVideo.Core.Import;

/// <summary>
/// Works out how an upload's bytes are encoded: a byte order mark (UTF-8, UTF-16 LE/BE) wins; then valid UTF-8; otherwise
/// CP932 (Japanese Excel) or Windows-1252 (Western Excel), whichever decodes without errors into text that looks like its
/// language. When neither does, the file is refused rather than imported as mojibake.
/// </summary>
public static class EncodingDetector
{
    private static readonly SearchValues<byte> Windows1252Undefined = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    public static EncodingDetection Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new(TextEncodings.Utf8, 3, "UTF-8 byte order mark", [], "bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new(TextEncodings.Utf16LE, 2, "UTF-16 LE byte order mark", [], "bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new(TextEncodings.Utf16BE, 2, "UTF-16 BE byte order mark", [], "bom");
        if (NonTextFileDetector.LooksLikeUtf16WithoutBom(bytes, out var bigEndian))
            return new(bigEndian ? TextEncodings.Utf16BE : TextEncodings.Utf16LE, 0, "UTF-16 without a byte order mark", [], "utf16_no_bom");

        if (Utf8.IsValid(bytes)) return new(TextEncodings.Utf8, 0, Ascii.IsValid(bytes) ? "plain ASCII" : "valid UTF-8", [], Ascii.IsValid(bytes) ? "ascii" : "utf8");
        var firstInvalid = FirstInvalidUtf8(bytes, out var validMultiByte, out var invalidCount);
        // A UTF-8 file with a handful of bad bytes (pasted from elsewhere, cut mid-character) is broken UTF-8, not CP932 or 1252;
        // so is one whose lines are partly UTF-8 and partly another encoding (rows pasted from an older file).
        if ((invalidCount <= 3 && validMultiByte >= 10 * invalidCount) || HasUtf8OnlyLine(bytes))
            throw BrokenUtf8(LineOf(bytes, firstInvalid), invalidCount);

        var sjis = TryDecode(bytes, TextEncodings.Cp932);
        var latin = TryDecode(bytes, TextEncodings.Windows1252);
        var japanese = sjis is not null && TextPlausibility.LooksJapanese(sjis);
        var western = latin is not null && TextPlausibility.LooksWestern(latin);
        return (japanese, western) switch
        {
            (true, false) => new(TextEncodings.Cp932, 0, "not UTF-8; reads cleanly as Japanese (CP932)", [], "cp932"),
            (false, true) => new(TextEncodings.Windows1252, 0, "not UTF-8; reads cleanly as Western European (Windows-1252)", [], "windows1252"),
            (true, true) => new(TextEncodings.Cp932, 0, "not UTF-8; reads as Japanese (CP932), possibly Windows-1252", [TextEncodings.Windows1252], "cp932_maybe_1252"),
            _ => throw UnknownEncoding(bytes),
        };
    }

    private static ImportRefusedException BrokenUtf8(int line, int invalidCount)
    {
        var count = invalidCount.ToString(CultureInfo.InvariantCulture);
        return new ImportRefusedException(new ImportRefusal(ImportRefusal.BrokenUtf8, "The file is damaged UTF-8",
            $"The file is UTF-8 text except for {count} invalid byte sequence(s), the first on line {line} — often rows pasted in from a file saved in another encoding. " +
            $"Fix or retype line {line}, or open the file in your spreadsheet app and save it again as \"CSV UTF-8\".",
            [line.ToString(CultureInfo.InvariantCulture), count], line));
    }

    /// <summary>
    /// The refusal for bytes that are neither UTF-8 nor plausible CP932 or Windows-1252 (Mac Roman, DOS code pages,
    /// Central European…): names what was tried, the first line that does not read as Windows-1252, and what to do.
    /// </summary>
    private static ImportRefusedException UnknownEncoding(ReadOnlySpan<byte> bytes)
    {
        var (line, sample) = FirstImplausibleWesternLine(bytes);
        var where = line is null ? "" : $" Read as Windows-1252, line {line} would be '{sample}' — if that is what it says, the file is Windows-1252.";
        return new ImportRefusedException(new ImportRefusal(ImportRefusal.UnknownEncoding, "Unknown text encoding",
            "The file is not UTF-8, and its encoding could not be told for sure: it does not look like ordinary Japanese (Shift_JIS/CP932) or Western European (Windows-1252) text — " +
            $"it may be Mac Roman, a DOS code page or a Central European encoding.{where} Tried: UTF-8, Shift_JIS (CP932), Windows-1252. " +
            "If you know it is Shift_JIS or Windows-1252 after all, choose that encoding (\"Read the file as\" on the Batches page, or the encoding field of the API) and try again; otherwise open the file in your spreadsheet app and save it as \"CSV UTF-8 (Comma delimited)\".",
            [line?.ToString(CultureInfo.InvariantCulture) ?? "?", sample ?? ""], line));
    }

    /// <summary>The first line that is not plausible Windows-1252, as 1252 shows it (bytes it does not define as �).</summary>
    private static (int? Line, string? Sample) FirstImplausibleWesternLine(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        while (start < bytes.Length)
        {
            var length = LineLength(bytes, start);
            var slice = bytes.Slice(start, length);
            if (!Ascii.IsValid(slice) && (TryDecode(slice, TextEncodings.Windows1252) is not { } text || !TextPlausibility.LooksWestern(text)))
            {
                var shown = new string([.. Encoding.GetEncoding(1252).GetString(slice).TrimEnd('\r', '\n').Select(c => c is >= '\u0080' and <= '\u009F' ? '\uFFFD' : c)]);
                return (LineOf(bytes, start), shown.Length > 60 ? shown[..57] + "…" : shown);
            }
            start += length;
        }
        return (null, null);
    }

    /// <summary>
    /// Whether some line is valid UTF-8 with non-ASCII characters that read as text in UTF-8 but not as CP932 or
    /// Windows-1252: then those lines really are UTF-8, and the file's invalid bytes are damage, not another encoding.
    /// </summary>
    private static bool HasUtf8OnlyLine(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        while (start < bytes.Length)
        {
            var length = LineLength(bytes, start);
            var line = bytes.Slice(start, length);
            start += length;
            if (Ascii.IsValid(line) || !Utf8.IsValid(line)) continue;
            if (!TextPlausibility.LooksLikeText(Encoding.UTF8.GetString(line))) continue;
            if (TryDecode(line, TextEncodings.Cp932) is { } sjis && TextPlausibility.LooksJapanese(sjis)) continue;
            if (TryDecode(line, TextEncodings.Windows1252) is { } latin && TextPlausibility.LooksWestern(latin)) continue;
            return true;
        }
        return false;
    }

    /// <summary>Bytes up to and including the next CR, LF or CR LF (never part of a CP932, 1252 or UTF-8 multi-byte character).</summary>
    private static int LineLength(ReadOnlySpan<byte> bytes, int start)
    {
        var end = bytes[start..].IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0) return bytes.Length - start;
        return bytes[start + end] == '\r' && start + end + 1 < bytes.Length && bytes[start + end + 1] == '\n' ? end + 2 : end + 1;
    }

    /// <summary>Decodes strictly, or refuses naming the line of the first byte the encoding cannot map.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string encodingName, int bomLength)
    {
        var body = bytes[bomLength..];
        if (TryDecode(body, encodingName) is { } text) return text;
        var line = FirstUndecodableLine(body, encodingName);
        throw new ImportRefusedException(new ImportRefusal(ImportRefusal.InvalidForEncoding, $"Not {TextEncodings.DisplayName(encodingName)} text",
            $"Line {line} has bytes that are not valid {TextEncodings.DisplayName(encodingName)}, so the file cannot be read in that encoding. Choose another encoding, or save the file as \"CSV UTF-8\".",
            [TextEncodings.DisplayName(encodingName), line.ToString(System.Globalization.CultureInfo.InvariantCulture)], line));
    }

    public static string? TryDecode(ReadOnlySpan<byte> bytes, string encodingName)
    {
        try
        {
            // Windows maps 0x81, 0x8D, 0x8F, 0x90 and 0x9D to nothing; .NET turns them into C1 controls, so they are refused here.
            if (encodingName == TextEncodings.Windows1252 && bytes.IndexOfAny(Windows1252Undefined) >= 0) return null;
            if (encodingName == TextEncodings.Cp932 && Cp932Extensions.RewriteNecSelected(bytes) is { } rewritten)
                return TextEncodings.Strict(encodingName).GetString(rewritten);
            return TextEncodings.Strict(encodingName).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>1-based line of a byte offset, counting CR, LF and CR LF as one break each.</summary>
    public static int LineOf(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n'))) line++;
        }
        return line;
    }

    /// <summary>Offset of the first invalid UTF-8 sequence or -1; counts valid multi-byte characters and invalid sequences.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes, out int validMultiByte, out int invalidCount)
    {
        validMultiByte = 0;
        invalidCount = 0;
        var first = -1;
        var rest = bytes;
        var offset = 0;
        while (!rest.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                if (rune.Value >= 0x80) validMultiByte++;
            }
            else
            {
                invalidCount++;
                if (first < 0) first = offset;
            }
            rest = rest[consumed..];
            offset += consumed;
        }
        return first;
    }

    private static int FirstUndecodableLine(ReadOnlySpan<byte> bytes, string encodingName)
    {
        if (encodingName == TextEncodings.Utf8)
        {
            var chars = new char[bytes.Length];
            Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
            return LineOf(bytes, read);
        }
        if (encodingName is TextEncodings.Utf16LE or TextEncodings.Utf16BE) return FirstBadUtf16Line(bytes, encodingName == TextEncodings.Utf16BE);
        if (encodingName is TextEncodings.Cp932 or TextEncodings.Windows1252)
        {
            // LF is never part of a CP932 or 1252 character, so lines can be decoded one at a time.
            var start = 0;
            while (start < bytes.Length)
            {
                var length = LineLength(bytes, start);
                if (TryDecode(bytes.Slice(start, length), encodingName) is null) return LineOf(bytes, start);
                start += length;
            }
        }
        return 1;
    }

    /// <summary>The line of the first lone surrogate or of a final odd byte, counting line breaks in UTF-16 code units.</summary>
    private static int FirstBadUtf16Line(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        var line = 1;
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            var c = Unit(bytes, i, bigEndian);
            if (char.IsLowSurrogate(c)) return line;
            if (char.IsHighSurrogate(c))
            {
                if (i + 3 >= bytes.Length || !char.IsLowSurrogate(Unit(bytes, i + 2, bigEndian))) return line;
                i += 2;
                continue;
            }
            if (c == '\n' || (c == '\r' && (i + 3 >= bytes.Length || Unit(bytes, i + 2, bigEndian) != '\n'))) line++;
        }
        return line;
    }

    private static char Unit(ReadOnlySpan<byte> bytes, int i, bool bigEndian) =>
        (char)(bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
}
