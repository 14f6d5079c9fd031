using System.Text;

namespace FalVideo.Core.Media.Offline;

/// <summary>
/// The seed used when the request gives none: FNV-1a (64-bit) of the prompt, folded into 0..2^31-1 so it is also a valid
/// seed for fal's models. The same prompt always gets the same seed (and so the same preview).
/// </summary>
public static class PromptSeed
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static long From(string prompt)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(prompt.Trim().Normalize(NormalizationForm.FormC)))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }
        return (long)((hash ^ (hash >> 31)) & 0x7FFF_FFFFUL);
    }
}
