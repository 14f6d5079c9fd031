using System.Buffers;
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
    public static EncodingDetection Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new(TextEncodings.Utf8, 3, "UTF-8 byte order mark", [], "bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new(TextEncodings.Utf16LE, 2, "UTF-16 LE byte order mark", [], "bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new(TextEncodings.Utf16BE, 2, "UTF-16 BE byte order mark", [], "bom");
        if (NonTextFileDetector.LooksLikeUtf16WithoutBom(bytes, out var bigEndian))
            return new(bigEndian ? TextEncodings.Utf16BE : TextEncodings.Utf16LE, 0, "UTF-16 without a byte order mark", [], "utf16_no_bom");

        if (Utf8.IsValid(bytes)) return new(TextEncodings.Utf8, 0, Ascii.IsValid(bytes) ? "plain ASCII" : "valid UTF-8", [], Ascii.IsValid(bytes) ? "ascii" : "utf8");
        var firstInvalid = FirstInvalidUtf8(bytes, out var validMultiByte, out var invalidCount);
        // A UTF-8 file with a handful of bad bytes (pasted from elsewhere, cut mid-character) is broken UTF-8, not CP932 or 1252.
        if (invalidCount <= 3 && validMultiByte >= 10 * invalidCount)
        {
            var line = LineOf(bytes, firstInvalid);
            throw new ImportRefusedException(new ImportRefusal(ImportRefusal.BrokenUtf8, "The file is damaged UTF-8",
                $"The file is UTF-8 text except for {invalidCount} invalid byte sequence(s), the first on line {line}. Open it in your spreadsheet app and save it again as \"CSV UTF-8\".",
                [line.ToString(System.Globalization.CultureInfo.InvariantCulture), invalidCount.ToString(System.Globalization.CultureInfo.InvariantCulture)], line));
        }

        var japanese = TryDecode(bytes, TextEncodings.Cp932) is { } sjis && LooksJapanese(sjis);
        var western = TryDecode(bytes, TextEncodings.Windows1252) is { } latin && LooksWestern(latin);
        return (japanese, western) switch
        {
            (true, false) => new(TextEncodings.Cp932, 0, "not UTF-8; reads cleanly as Japanese (CP932)", [], "cp932"),
            (false, true) => new(TextEncodings.Windows1252, 0, "not UTF-8; reads cleanly as Western European (Windows-1252)", [], "windows1252"),
            (true, true) => new(TextEncodings.Cp932, 0, "not UTF-8; reads as Japanese (CP932), possibly Windows-1252", [TextEncodings.Windows1252], "cp932_maybe_1252"),
            _ => throw new ImportRefusedException(new ImportRefusal(ImportRefusal.UnknownEncoding, "Unknown text encoding",
                "The file is not UTF-8, and it does not read cleanly as Japanese (Shift_JIS/CP932) or Western European (Windows-1252) text either. " +
                "Open it in your spreadsheet app and save it as \"CSV UTF-8 (Comma delimited)\".", [])),
        };
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
        if (encodingName is TextEncodings.Cp932 or TextEncodings.Windows1252)
        {
            // LF is never part of a CP932 or 1252 character, so lines can be decoded one at a time.
            var start = 0;
            while (start < bytes.Length)
            {
                var end = bytes[start..].IndexOf((byte)'\n');
                var length = end < 0 ? bytes.Length - start : end + 1;
                if (TryDecode(bytes.Slice(start, length), encodingName) is null) return LineOf(bytes, start);
                start += length;
            }
        }
        return 1;
    }

    /// <summary>
    /// Japanese text has kana (particles, katakana words) or Japanese punctuation; Western text misread as CP932 turns
    /// accented letters into scattered kanji, half-width katakana and private-use characters, almost never kana.
    /// </summary>
    internal static bool LooksJapanese(string text)
    {
        int nonAscii = 0, japanese = 0;
        foreach (var c in text)
        {
            if (c < 0x80) continue;
            nonAscii++;
            if (c is >= '\uE000' and <= '\uF8FF') return false;
            if (c is >= '\u3000' and <= '\u30FF' or >= '\uFF01' and <= '\uFF5E') japanese++;
        }
        return japanese > 0 && japanese * 10 >= nonAscii;
    }

    /// <summary>
    /// Western text has accented letters inside words and ordinary typographic marks (€ – “ ” …). Japanese misread as
    /// 1252 is runs of symbols and odd letters (‚±‚ñ‚É‚¿‚Í) with few ASCII letters around them.
    /// </summary>
    internal static bool LooksWestern(string text)
    {
        int nonAscii = 0, inWords = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80) continue;
            nonAscii++;
            var plausible = char.IsLetter(c) || "€–—‘’‚“”„…•°±×÷«»©®™¼½¾²³µ·¿¡£¥§¶¢\u00A0".Contains(c);
            var besideAscii = i == 0 || text[i - 1] < 0x80 || i + 1 == text.Length || text[i + 1] < 0x80;
            if (plausible && besideAscii) inWords++;
        }
        return nonAscii > 0 && inWords * 10 >= nonAscii * 8;
    }
}
