using System.Globalization;

namespace FalVideo.Core.Media.Offline;

/// <summary>The frame size for an <c>aspect_ratio</c> value, matching Wan 2.1's 480p sizes.</summary>
public readonly record struct OfflineClipSize(int Width, int Height)
{
    public static readonly OfflineClipSize Landscape = new(832, 480);
    public static readonly OfflineClipSize Portrait = new(480, 832);
    public static readonly OfflineClipSize Square = new(624, 624);

    /// <summary>
    /// 16:9 → 832×480, 9:16 → 480×832, 1:1 → 624×624. Another <c>w:h</c> keeps about the same pixel count (sides are
    /// multiples of 16, as H.264 macroblocks like); a missing or unreadable value (e.g. <c>auto</c>) gives 16:9.
    /// </summary>
    public static OfflineClipSize FromAspectRatio(string? aspectRatio)
    {
        switch (aspectRatio?.Trim())
        {
            case "16:9": return Landscape;
            case "9:16": return Portrait;
            case "1:1": return Square;
        }
        var parts = (aspectRatio ?? "").Split(':');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
            || w <= 0 || h <= 0 || w / h > 4 || h / w > 4)
        {
            return Landscape;
        }
        double area = Landscape.Width * Landscape.Height;
        var width = Math.Sqrt(area * w / h);
        return new OfflineClipSize(RoundTo16(width), RoundTo16(area / width));
    }

    private static int RoundTo16(double value) => Math.Max(16, (int)Math.Round(value / 16) * 16);

    public override string ToString() => $"{Width}×{Height}";
}
