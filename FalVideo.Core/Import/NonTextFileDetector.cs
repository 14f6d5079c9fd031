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
        return HasBinaryControlBytes(bytes[..Math.Min(bytes.Length, 64 * 1024)]) ? "a binary file" : null;
    }

    /// <summary>UTF-16 text without a byte order mark: ASCII characters leave a NUL in every other byte.</summary>
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
        return false;
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
