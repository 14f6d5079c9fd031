using System.Globalization;

namespace FalVideo.Blazor.Components.Shared;

/// <summary>
/// Strict reading of number boxes (settings, batch limits): a value is taken exactly as typed or refused, never clamped,
/// rounded or read as "no limit" — MudNumericField does all three behind the user's back.
/// </summary>
public static class StrictNumberInput
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or null ("abc", "1.5", "-5", out of range, empty).</summary>
    public static int? WholeNumber(string? text, int min, int max) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;

    /// <summary>
    /// An amount in dollars: empty = none (no cap); otherwise 0 or more with at most two decimals, in the current culture's
    /// decimal separator. No sign, thousands separator or third decimal: "-5", "1,000" and "1.234" are refused, not changed.
    /// </summary>
    public static bool TryMoney(string? text, out decimal? amount)
    {
        amount = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.CurrentCulture, out var value) || value.Scale > 2) return false;
        amount = value;
        return true;
    }

    /// <summary>
    /// A number from <paramref name="min"/> to <paramref name="max"/> in the current culture's decimal separator (no sign,
    /// no thousands separator); empty = none.
    /// </summary>
    public static bool TryNumber(string? text, double min, double max, out double? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.CurrentCulture, out var value) || (double)value < min || (double)value > max) return false;
        number = (double)value;
        return true;
    }
}
