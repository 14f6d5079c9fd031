using System.Text;

namespace FalVideo.Core.Import;

/// <summary>
/// Recognises uploads that are not CSV text — a workbook saved as .xlsx and renamed, an image, a PDF — by their first
/// bytes, so they are refused with a name the user recognises instead of being parsed into garbage prompts.
/// </summary>
public static class NonTextFileDetector
{
    /// <summary>What the file is ("an Excel workbook (.xlsx)", "a PNG image", "a binary file"), or null when it may be text.</summary>
    public static string? Describe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return null;
        // Text with a UTF-16/32 byte order mark has NUL bytes but is text (UTF-32 is refused by its own message).
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            return "UTF-32 text (an encoding spreadsheets rarely use)";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return null;

        if (bytes.StartsWith("PK\x03\x04"u8) || bytes.StartsWith("PK\x05\x06"u8)) return DescribeZip(bytes);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) return "an Excel 97-2003 workbook (.xls) or another Office file";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "a PNG image";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "a JPEG image";
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8)) return "a GIF image";
        if (bytes.StartsWith("%PDF-"u8)) return "a PDF document";
        if (bytes.StartsWith("{\\rtf"u8)) return "a Rich Text (RTF) document";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "a gzip-compressed file";
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return "a WebP image";
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8)) return "a video or HEIC image (MP4/QuickTime family)";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) || bytes.StartsWith("Rar!"u8)) return "a compressed archive";

        if (LooksLikeUtf16WithoutBom(bytes, out _)) return null;
        if (DescribeMarkup(bytes) is { } markup) return markup;
        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        // A few NULs in otherwise ordinary text are damage the importer reports by line (StrayNul), not a binary file.
        return HasBinaryControlBytes(sample) && !(IsTextApartFromNuls(sample)) ? "a binary file" : null;
    }

    /// <summary>Offset of the first NUL byte in text that is otherwise ordinary (see <see cref="Describe"/>), or -1.</summary>
    public static int StrayNul(ReadOnlySpan<byte> bytes) => IsUtf16(bytes) ? -1 : bytes.IndexOf((byte)0);

    /// <summary>UTF-16 by its byte order mark or its NUL pattern (where NUL bytes and a final 0x1A are parts of characters).</summary>
    public static bool IsUtf16(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || LooksLikeUtf16WithoutBom(bytes, out _);

    /// <summary>
    /// How many NUL bytes pad the end of a text file (some exporters and disk tools fill the last block with them);
    /// 0 for UTF-16, whose last character legitimately ends in a NUL byte.
    /// </summary>
    public static int TrailingNulPadding(ReadOnlySpan<byte> bytes)
    {
        if (IsUtf16(bytes)) return 0;
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] == 0) end--;
        if (end == bytes.Length || end == 0 || LooksLikeUtf16WithoutBom(bytes[..end], out _)) return 0;
        return bytes.Length - end;
    }

    /// <summary>Web pages, XML (Excel's "XML Spreadsheet 2003") and JSON saved with a .csv name.</summary>
    private static string? DescribeMarkup(ReadOnlySpan<byte> bytes)
    {
        var text = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        var start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        text = text[start..];
        var head = Encoding.Latin1.GetString(text[..Math.Min(text.Length, 4096)]);
        if (head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            return "a web page (HTML)";
        if (head.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
        {
            return head.Contains("mso-application", StringComparison.OrdinalIgnoreCase) || head.Contains("urn:schemas-microsoft-com:office:spreadsheet", StringComparison.OrdinalIgnoreCase)
                ? "an Excel XML Spreadsheet 2003"
                : "an XML file";
        }
        // A prompt list may start with '[' or '{' ("[draft] a cat"); only a file that parses as JSON is one.
        if (head.Length > 0 && head[0] is '{' or '[' && IsJson(text)) return "a JSON file";
        return null;
    }

    private static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(utf8, new System.Text.Json.JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
            while (reader.Read()) { }
            return reader.BytesConsumed > 0;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the sample, NUL bytes aside, is text: few NULs and no other binary control bytes.</summary>
    private static bool IsTextApartFromNuls(ReadOnlySpan<byte> sample)
    {
        var nuls = sample.Count((byte)0);
        if (nuls > 16 || (sample.Length >= 1600 && nuls * 100 > sample.Length)) return false;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (0x00 or 0x09 or 0x0A or 0x0D or 0x0C or 0x1A)) return false;
        }
        return true;
    }

    /// <summary>
    /// UTF-16 text without a byte order mark: ASCII characters (delimiters, digits, line breaks) leave a NUL in the high
    /// byte of their code unit and CJK characters none, so NULs sit only at odd offsets (LE) or only at even ones (BE).
    /// Mostly-Japanese text has few of them, so the pattern is confirmed by decoding: valid UTF-16 with a line break
    /// and no control characters.
    /// </summary>
    public static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        var sample = bytes[..(Math.Min(bytes.Length, 4096) & ~1)];
        if (sample.Length < 4) return false;
        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            if (sample[i] == 0) evenNul++;
            if (sample[i + 1] == 0) oddNul++;
        }
        var pairs = sample.Length / 2;
        if (oddNul > pairs * 0.4 && evenNul == 0) return true;
        if (evenNul > pairs * 0.4 && oddNul == 0) { bigEndian = true; return true; }
        if (oddNul >= 2 && evenNul == 0 && DecodesAsUtf16Lines(sample, bigEndian: false)) return true;
        if (evenNul >= 2 && oddNul == 0 && DecodesAsUtf16Lines(sample, bigEndian: true)) { bigEndian = true; return true; }
        return false;
    }

    private static bool DecodesAsUtf16Lines(ReadOnlySpan<byte> sample, bool bigEndian)
    {
        var last = bigEndian ? (sample[^2] << 8) | sample[^1] : sample[^2] | (sample[^1] << 8);
        if (char.IsHighSurrogate((char)last)) sample = sample[..^2]; // the sample may end inside a surrogate pair
        string text;
        try
        {
            text = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true).GetString(sample);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var lineBreak = false;
        foreach (var c in text)
        {
            if (c is '\r' or '\n') lineBreak = true;
            else if (char.IsControl(c) && c != '\t') return false;
        }
        return lineBreak;
    }

    private static bool HasBinaryControlBytes(ReadOnlySpan<byte> sample)
    {
        // NUL never appears in text; a few other C0 controls may (form feed, Ctrl-Z at the end of old DOS files), many may not.
        if (sample.Contains((byte)0)) return true;
        var controls = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C or 0x1A)) controls++;
        }
        return controls > 8 && controls > sample.Length / 100;
    }

    private static string DescribeZip(ReadOnlySpan<byte> bytes)
    {
        // The names of the first entries are stored in clear; enough to tell Office formats apart.
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 64 * 1024)]);
        if (head.Contains("xl/", StringComparison.Ordinal)) return "an Excel workbook (.xlsx)";
        if (head.Contains("application/vnd.oasis.opendocument.spreadsheet", StringComparison.Ordinal)) return "an OpenDocument spreadsheet (.ods)";
        if (head.Contains("word/", StringComparison.Ordinal)) return "a Word document (.docx)";
        if (head.Contains("Index/Document.iwa", StringComparison.Ordinal) || head.Contains("Index/Tables", StringComparison.Ordinal)) return "an Apple Numbers spreadsheet";
        if (head.Contains("[Content_Types].xml", StringComparison.Ordinal)) return "an Office document (Open XML)";
        return "a ZIP archive";
    }
}
