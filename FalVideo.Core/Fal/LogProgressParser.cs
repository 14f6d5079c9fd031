using System.Globalization;
using System.Text.RegularExpressions;

namespace FalVideo.Core.Fal;

/// <summary>
/// Reads a progress fraction from model log lines where one honestly appears: "step 5/30", "Step 5 of 30",
/// tqdm bars ("13/30 [00:10&lt;00:12"), "45%|". Lines without such a figure give null.
/// </summary>
public static partial class LogProgressParser
{
    public static double? Parse(string? line)
    {
        if (string.IsNullOrEmpty(line)) return null;
        var match = Step().Match(line);
        if (!match.Success) match = TqdmCount().Match(line);
        if (match.Success
            && long.TryParse(match.Groups["k"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n > 0 && k <= n)
        {
            return (double)k / n;
        }
        var percent = TqdmPercent().Match(line);
        if (percent.Success && int.TryParse(percent.Groups["p"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 100)
        {
            return p / 100.0;
        }
        return null;
    }

    /// <summary>The progress of the newest line that has one.</summary>
    public static double? Latest(IEnumerable<string> lines) => lines.Select(Parse).LastOrDefault(p => p is not null);

    [GeneratedRegex(@"\bsteps?\b\s*[:#]?\s*(?<k>\d+)\s*(?:/|of)\s*(?<n>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Step();

    [GeneratedRegex(@"(?<k>\d+)/(?<n>\d+)\s*\[\d")]
    private static partial Regex TqdmCount();

    [GeneratedRegex(@"(?<p>\d{1,3})%\|")]
    private static partial Regex TqdmPercent();
}
