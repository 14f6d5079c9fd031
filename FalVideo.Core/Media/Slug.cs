using System.Text;

namespace FalVideo.Core.Media;

/// <summary>File-name-safe words from a prompt (letters of any script kept; everything else becomes '-').</summary>
public static class Slug
{
    public static string From(string text, int maxLength)
    {
        var builder = new StringBuilder(maxLength);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (builder.Length >= maxLength) break;
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "video" : slug;
    }
}
