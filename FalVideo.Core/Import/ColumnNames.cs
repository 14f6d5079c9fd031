using System.Text;
using FalVideo.Core.Catalog;

namespace FalVideo.Core.Import;

/// <summary>
/// Maps header cells to model input fields. Names are compared after NFKC folding (full-width letters and half-width
/// katakana become ordinary), lower-casing and removing spaces, underscores, hyphens and dots — so <c>Aspect Ratio</c>,
/// <c>ASPECT_RATIO</c> and <c>aspect-ratio</c> are all <c>aspect_ratio</c>. Besides every field name in the catalog,
/// a few aliases people type are known (<c>text</c>, <c>プロンプト</c>, <c>シード</c>…).
/// </summary>
public sealed class ColumnNames
{
    public const string Prompt = "prompt";
    public const string Model = "model";

    private static readonly Dictionary<string, string[]> Aliases = new()
    {
        [Prompt] = ["prompt", "prompts", "text", "プロンプト"],
        ["negative_prompt"] = ["negative_prompt", "negative", "ネガティブプロンプト"],
        ["seed"] = ["seed", "シード"],
        ["aspect_ratio"] = ["aspect_ratio", "aspect", "アスペクト比"],
        [Model] = ["model", "model_id", "モデル"],
    };

    private readonly Dictionary<string, string> _fieldByKey = new(StringComparer.Ordinal);

    public ColumnNames(ModelCatalog catalog)
    {
        foreach (var field in catalog.Models.SelectMany(m => m.Fields).Select(f => f.Name).Distinct())
        {
            _fieldByKey.TryAdd(Key(field), field);
        }
        foreach (var (field, names) in Aliases)
        {
            foreach (var name in names) _fieldByKey[Key(name)] = field;
        }
    }

    /// <summary>The field a header cell names, or null when it names none.</summary>
    public string? FieldOf(string header) => _fieldByKey.GetValueOrDefault(Key(header));

    /// <summary>The comparison key of a header name.</summary>
    public static string Key(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-' or '.' or '\uFEFF' or '\u200B') continue;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
