using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FalVideo.Core.Domain;
using FalVideo.Core.Import;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Import;

/// <summary>Every text of the Batches pages exists in English and Japanese, and every importer finding can be shown in both.</summary>
public sealed partial class BatchTextsResourceTests
{
    private static readonly string Resources = Path.Combine(RepositoryRoot.Path, "FalVideo.Blazor", "Resources");
    private static readonly Dictionary<string, string> English = Load("BatchTexts.resx");
    private static readonly Dictionary<string, string> Japanese = Load("BatchTexts.ja.resx");

    [Fact]
    public void BothLanguages_HaveTheSameKeysAndPlaceholders_AndJapaneseIsTranslated()
    {
        Assert.Equal(English.Keys.Order(), Japanese.Keys.Order());
        foreach (var (key, text) in English)
        {
            Assert.True(Placeholders(text).SetEquals(Placeholders(Japanese[key])), $"{key}: '{text}' vs '{Japanese[key]}'");
            // Only names and symbols may stay the same (OK).
            Assert.True(text != Japanese[key] || text == "OK", $"{key} is not translated");
        }
    }

    [Fact]
    public void EveryKeyUsedInTheBatchPages_Exists()
    {
        var blazor = Path.Combine(RepositoryRoot.Path, "FalVideo.Blazor");
        var used = Directory.EnumerateFiles(blazor, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.True(used.Count > 50, $"only {used.Count} keys found: is the pattern still right?");
        Assert.DoesNotContain(used, k => !English.ContainsKey(k));
    }

    [Fact]
    public void KeysBuiltAtRunTime_ExistForEveryCodeAndStatus()
    {
        var expected = typeof(ImportRefusal).GetFields().Where(f => f.IsLiteral).Select(f => $"Refusal_{f.GetValue(null)}")
            .Concat(Enum.GetValues<BatchStatus>().Select(s => $"Status_{s.ToString().ToLowerInvariant()}"))
            .Concat(Enum.GetValues<JobStatus>().Select(s => $"Job_{s.ToWire()}"))
            .Concat(Enum.GetValues<ImportRowState>().Select(s => $"State_{s.ToString().ToLowerInvariant()}"))
            .Concat(new[] { "pending", "queued", "running", "completed", "failed", "canceled", "interrupted" }.Select(c => $"Count_{c}"))
            .Concat(new[] { "bom", "utf16_no_bom", "ascii", "utf8", "cp932", "windows1252", "cp932_maybe_1252" }.Select(c => $"Encoding_{c}"));
        Assert.DoesNotContain(expected, k => !English.ContainsKey(k));
    }

    [Fact]
    public void EveryFindingAndRefusal_FormatsInBothLanguages()
    {
        var inputs = Directory.GetFiles(TestFiles.Path("csv-cases"), "*.csv").Concat(Directory.GetFiles(TestFiles.Path("csv-extra"), "*.csv"))
            .Select(f => (File.ReadAllBytes(f), new ImportRequest(), Importers.Create()))
            .Concat(
            [
                ("description\nA cat\n"u8.ToArray(), new ImportRequest(), Importers.Create()),
                (System.Text.Encoding.UTF8.GetBytes("prompt\n" + new string('a', 5001) + "\n"), new ImportRequest(), Importers.Create()),
                ("prompt,model,num_inference_steps\nA,fal-ai/kling-video/v2.1/master/text-to-video,30\n"u8.ToArray(), new ImportRequest(), Importers.Create()),
                ("prompt,seed\n\"ab\"c,1\n"u8.ToArray(), new ImportRequest(), Importers.Create()),
                ("A cat,1\nA dog,2\n"u8.ToArray(), new ImportRequest(), Importers.Create()),
                ("description,seed\nA,1\n"u8.ToArray(), new ImportRequest(), Importers.Create()),
                ("prompt\na\nb\n"u8.ToArray(), new ImportRequest(), Importers.Create(maxRows: 1)),
                ("prompt\na\nb\n"u8.ToArray(), new ImportRequest(), Importers.Create(maxFileBytes: 4)),
                ([.. "prompt\n"u8.ToArray(), 0xFF, 0xFF, 0xFF, 0xFF, (byte)'\n'], new ImportRequest(), Importers.Create()),
                ([.. "prompt\nCaf"u8.ToArray(), 0xE9, .. " au lait\n"u8.ToArray()], new ImportRequest(Encoding: "cp932"), Importers.Create()),
                ("prompt\na\n"u8.ToArray(), new ImportRequest(ModelId: "acme/video"), Importers.Create()),
                ("prompt\na\n"u8.ToArray(), new ImportRequest(DefaultParameters: new System.Text.Json.Nodes.JsonObject { ["aspect_ratio"] = "21:9" }), Importers.Create()),
            ]);
        var codes = new HashSet<string>();
        foreach (var (bytes, request, importer) in inputs)
        {
            try
            {
                var result = Importers.ImportBytes(bytes, request, importer);
                foreach (var message in result.FileMessages.Concat(result.Rows.SelectMany(r => r.Messages)))
                {
                    var key = (message.Line is null ? "FileMsg_" : "Msg_") + message.Code;
                    codes.Add(key);
                    AssertFormats(key, message.Args);
                }
            }
            catch (ImportRefusedException ex)
            {
                codes.Add("Refusal_" + ex.Refusal.Code);
                AssertFormats("Refusal_" + ex.Refusal.Code, ex.Refusal.Args);
            }
        }

        var everyCode = typeof(ImportRefusal).GetFields().Where(f => f.IsLiteral).Select(f => $"Refusal_{f.GetValue(null)}")
            .Concat(new[] { "empty_prompt", "prompt_too_long", "too_many_cells", "invalid_value", "unknown_model", "trimmed", "full_width",
                "decimal_comma", "maybe_header", "quote_recovered", "field_not_in_model" }.Select(c => $"Msg_{c}"))
            .Concat(new[] { "blank_rows_skipped", "decimal_comma", "unknown_columns", "unnamed_column", "column_not_in_model" }.Select(c => $"FileMsg_{c}"));
        Assert.Empty(everyCode.Except(codes));
    }

    private static void AssertFormats(string key, IReadOnlyList<string>? args)
    {
        foreach (var (language, texts) in new[] { ("en", English), ("ja", Japanese) })
        {
            Assert.True(texts.TryGetValue(key, out var template), $"{language} lacks {key}");
            var formatted = string.Format(CultureInfo.InvariantCulture, template, [.. (args ?? []).Cast<object>()]);
            Assert.DoesNotContain("{", formatted);
        }
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\bTexts\[""([A-Za-z_]+)""\]")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@"\{[0-9]+\}")]
    private static partial Regex Placeholder();
}
