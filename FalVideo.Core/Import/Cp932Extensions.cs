namespace FalVideo.Core.Import;

/// <summary>
/// Japanese Excel writes some characters (髙, 﨑, ⅰ…) with the "NEC-selected IBM extension" codes ED40–EEFC, which
/// Windows decodes but .NET's code page 932 does not. Every one of them has an "IBM extension" twin (FA40–FC4B) that
/// .NET does decode, in the same order, so the bytes are rewritten to the twin before decoding.
/// </summary>
public static class Cp932Extensions
{
    /// <summary>The bytes with NEC-selected codes replaced by their IBM twins, or null when there are none.</summary>
    public static byte[]? RewriteNecSelected(ReadOnlySpan<byte> bytes)
    {
        byte[]? copy = null;
        for (var i = 0; i < bytes.Length; i++)
        {
            var lead = bytes[i];
            if (!IsLeadByte(lead) || i + 1 >= bytes.Length) continue;
            if (lead is 0xED or 0xEE && IbmTwin((lead << 8) | bytes[i + 1]) is { } twin)
            {
                copy ??= bytes.ToArray();
                copy[i] = (byte)(twin >> 8);
                copy[i + 1] = (byte)twin;
            }
            i++; // skip the trail byte: it may look like a lead byte
        }
        return copy;
    }

    private static bool IsLeadByte(byte b) => b is >= 0x81 and <= 0x9F or >= 0xE0 and <= 0xFC;

    private static int? IbmTwin(int code)
    {
        // ED40–EEEC map one to one, in order, onto FA5C–FC4B (trail bytes 40–7E and 80–FC in each row).
        if (code is >= 0xED40 and <= 0xEEEC)
        {
            var ordinal = Ordinal(code) - Ordinal(0xED40);
            return FromOrdinal(Ordinal(0xFA5C) + ordinal);
        }
        return code switch
        {
            >= 0xEEEF and <= 0xEEF8 => 0xFA40 + (code - 0xEEEF), // small roman numerals ⅰ–ⅹ
            0xEEF9 => 0x81CA, // ￢
            >= 0xEEFA and <= 0xEEFC => 0xFA55 + (code - 0xEEFA), // ￤ ＇ ＂
            _ => null,
        };
    }

    private static int Ordinal(int code)
    {
        var trail = code & 0xFF;
        if (trail is < 0x40 or 0x7F or > 0xFC) return -1;
        return ((code >> 8) * 188) + (trail < 0x7F ? trail - 0x40 : trail - 0x41);
    }

    private static int FromOrdinal(int ordinal)
    {
        var lead = ordinal / 188;
        var index = ordinal % 188;
        return (lead << 8) | (index < 63 ? index + 0x40 : index + 0x41);
    }
}
