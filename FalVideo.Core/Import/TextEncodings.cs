using System.Text;

namespace FalVideo.Core.Import;

/// <summary>
/// The encodings an upload can be read as, by stable name: <c>utf-8</c>, <c>utf-16le</c>, <c>utf-16be</c>, <c>cp932</c>
/// (Japanese Excel's "Shift_JIS", really Windows-31J) and <c>windows-1252</c> (Western European Excel). Every decoder
/// throws on bytes it cannot map, so a wrong guess fails loudly instead of producing mojibake.
/// </summary>
public static class TextEncodings
{
    public const string Utf8 = "utf-8";
    public const string Utf16LE = "utf-16le";
    public const string Utf16BE = "utf-16be";
    public const string Cp932 = "cp932";
    public const string Windows1252 = "windows-1252";

    public static IReadOnlyList<string> Names { get; } = [Utf8, Utf16LE, Utf16BE, Cp932, Windows1252];

    static TextEncodings()
    {
        // CP932 and Windows-1252 live in the code-pages provider; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Normalises user spellings (<c>Shift_JIS</c>, <c>sjis</c>, <c>UTF8</c>, <c>cp1252</c>…) to a stable name, or null.</summary>
    public static string? Canonical(string? name) => name?.Trim().ToLowerInvariant().Replace("_", "-") switch
    {
        "utf-8" or "utf8" or "utf-8-bom" => Utf8,
        "utf-16le" or "utf-16" or "utf16" or "unicode" => Utf16LE,
        "utf-16be" => Utf16BE,
        "cp932" or "shift-jis" or "sjis" or "windows-31j" or "ms932" or "932" => Cp932,
        "windows-1252" or "cp1252" or "1252" or "latin1" or "iso-8859-1" => Windows1252,
        _ => null,
    };

    /// <summary>A strict decoder: invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static Encoding Strict(string name) => name switch
    {
        Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        Utf16LE => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        Utf16BE => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        Cp932 => Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        Windows1252 => Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new ArgumentException($"'{name}' is not a supported encoding; use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>How the UI names it.</summary>
    public static string DisplayName(string name) => name switch
    {
        Utf8 => "UTF-8",
        Utf16LE => "UTF-16 LE",
        Utf16BE => "UTF-16 BE",
        Cp932 => "Shift_JIS (CP932, Japanese Excel)",
        Windows1252 => "Windows-1252 (Western European Excel)",
        _ => name,
    };

    /// <summary>The byte order mark of <paramref name="name"/> if <paramref name="bytes"/> starts with it, else 0.</summary>
    public static int BomLength(string name, ReadOnlySpan<byte> bytes) => name switch
    {
        Utf8 when bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) => 3,
        Utf16LE when bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) => 2,
        Utf16BE when bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) => 2,
        _ => 0,
    };
}
