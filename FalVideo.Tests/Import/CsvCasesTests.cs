using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Import;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Import;

/// <summary>Every file in csv-cases against its entry in expected.json (see csv-cases/README.md).</summary>
public sealed class CsvCasesTests
{
    private static readonly JsonObject Expected = JsonNode.Parse(File.ReadAllText(TestFiles.Path("csv-cases", "expected.json")))!.AsObject();

    private static ImportResult Import(string name) => Importers.ImportFile(TestFiles.Path("csv-cases", name));

    private static string[] ExpectedPrompts(string name, string key = "prompts") =>
        [.. Expected[name]![key]!.AsArray().Select(p => p!.GetValue<string>())];

    [Fact]
    public void EveryCaseFile_HasAnExpectation_AndATest()
    {
        var files = Directory.GetFiles(TestFiles.Path("csv-cases"), "*.csv").Select(Path.GetFileName).Order().ToArray();
        var tested = typeof(CsvCasesTests).GetMethods().Select(m => m.Name).ToArray();
        Assert.Equal(files, Expected.Select(e => e.Key).Order().ToArray());
        foreach (var file in files)
        {
            var stem = string.Concat(Path.GetFileNameWithoutExtension(file)!.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            Assert.Contains(tested, m => m.StartsWith(stem + "_", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void JaCp932Excel_DecodedAsCp932_ElevenPromptsByteForByte()
    {
        var result = Import("ja_cp932_excel.csv");

        Assert.Equal(TextEncodings.Cp932, result.Encoding.Name);
        Assert.Equal(',', result.Delimiter);
        Assert.Equal(ExpectedPrompts("ja_cp932_excel.csv"), result.Rows.Select(r => r.Prompt));
        Assert.Equal(Expected["ja_cp932_excel.csv"]!["rows"]!.GetValue<int>(), result.ValidCount);
        Assert.All(result.Rows, r => Assert.Equal(ImportRowState.Ok, r.State));
        Assert.Equal(1000, result.Rows[0].Parameters["seed"]!.GetValue<long>());
        Assert.Equal("9:16", result.Rows[0].Parameters["aspect_ratio"]!.GetValue<string>());
    }

    [Fact]
    public void Utf8BomExcel_BomStripped_FirstHeaderIsPrompt()
    {
        var result = Import("utf8_bom_excel.csv");

        Assert.Equal(TextEncodings.Utf8, result.Encoding.Name);
        Assert.Equal(3, result.Encoding.BomLength);
        Assert.Equal("prompt", result.Columns[0].Header);
        Assert.Equal(ExpectedPrompts("utf8_bom_excel.csv"), result.Rows.Select(r => r.Prompt));
        Assert.DoesNotContain('\uFEFF', result.Rows[0].Prompt);
        Assert.Equal(3, result.ValidCount);
    }

    [Fact]
    public void SemicolonDelimitedEuExcel_SniffsSemicolon_ReadsDecimalCommaVisibly()
    {
        var result = Import("semicolon_delimited_eu_excel.csv");

        Assert.Equal(';', result.Delimiter);
        Assert.Equal(ExpectedPrompts("semicolon_delimited_eu_excel.csv"), result.Rows.Select(r => r.Prompt));
        Assert.Equal([7.5, 6.0, 4.0], result.Rows.Select(r => r.Parameters["guidance_scale"]!.GetValue<double>()));
        // The rule is visible: a file-level warning and a note on each row that used it.
        Assert.Contains(result.FileMessages, m => m.Code == "decimal_comma" && m.Severity == ImportSeverity.Warning);
        Assert.Contains(result.Rows[0].Messages, m => m.Code == "decimal_comma" && m.Value == "7,5" && m.Column == "guidance_scale");
        Assert.DoesNotContain(result.Rows[1].Messages, m => m.Code == "decimal_comma");
        Assert.Equal(3, result.ValidCount);
    }

    [Fact]
    public void QuotedCommasQuotesNewlines_SixPromptsExactly()
    {
        var result = Import("quoted_commas_quotes_newlines.csv");

        Assert.Equal(ExpectedPrompts("quoted_commas_quotes_newlines.csv"), result.Rows.Select(r => r.Prompt));
        Assert.Equal("blurry, \"text\"", result.Rows[0].Parameters["negative_prompt"]!.GetValue<string>());
        Assert.Equal([2, 3, 5, 7, 8, 9], result.Rows.Select(r => r.Line));
        Assert.Equal(6, result.ValidCount);
    }

    [Fact]
    public void EmptyRowsAndWhitespacePrompts_TwoQueued_OthersReportedByLine()
    {
        var result = Import("empty_rows_and_whitespace_prompts.csv");
        var invalidLines = Expected["empty_rows_and_whitespace_prompts.csv"]!["invalid_lines"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();

        Assert.Equal(ExpectedPrompts("empty_rows_and_whitespace_prompts.csv"), result.ValidRows.Select(r => r.Prompt));
        // Lines 4-8 and 10 have a seed but no prompt: rejected rows, named by line. Line 9 (",") is a blank row: skipped and reported.
        var rejected = result.RejectedRows.Select(r => r.Line).ToArray();
        Assert.Equal([4, 5, 6, 7, 8, 10], rejected);
        Assert.All(result.RejectedRows, r => Assert.Contains(r.Messages, m => m.Code == "empty_prompt" && m.Line == r.Line && m.Column == "prompt"));
        Assert.Equal(invalidLines, rejected.Concat(result.SkippedLines.Where(l => l is >= 4 and <= 10)).Order());
        Assert.Equal([3, 9, 12, 13, 14], result.SkippedLines);
        Assert.Contains(result.FileMessages, m => m.Code == "blank_rows_skipped" && m.Text.Contains("3, 9, 12–14"));
    }

    [Fact]
    public void HeaderPromptCapitalized_MatchedCaseInsensitively()
    {
        var result = Import("header_Prompt_capitalized.csv");

        Assert.Equal(ExpectedPrompts("header_Prompt_capitalized.csv"), result.Rows.Select(r => r.Prompt));
        Assert.Equal([50L, 51L], result.Rows.Select(r => r.Parameters["seed"]!.GetValue<long>()));
        Assert.All(result.Rows, r => Assert.Equal("9:16", r.Parameters["aspect_ratio"]!.GetValue<string>()));
        Assert.Equal(["prompt", "seed", "aspect_ratio"], result.Columns.Select(c => c.Field));
    }

    [Fact]
    public void InvalidSeedAndAspectRatio_EachBadRowNamesLineColumnValue_EdgeRowsByDocumentedRule()
    {
        var result = Import("invalid_seed_and_aspect_ratio.csv");
        var expected = Expected["invalid_seed_and_aspect_ratio.csv"]!;
        var byPrompt = result.Rows.ToDictionary(r => r.Prompt);

        foreach (var ok in expected["valid_prompts"]!.AsArray().Select(p => p!.GetValue<string>()))
        {
            Assert.Equal(ImportRowState.Ok, byPrompt[ok].State);
        }
        Assert.Equal(2147483647L, byPrompt["OK: another valid row"].Parameters["seed"]!.GetValue<long>());

        foreach (var (prompt, cells) in expected["bad_rows"]!.AsObject())
        {
            var row = byPrompt[prompt];
            Assert.Equal(ImportRowState.Error, row.State);
            var error = Assert.Single(row.Messages, m => m.Severity == ImportSeverity.Error);
            // The bad cell is the one whose value differs from a valid row's.
            var (column, value) = prompt switch
            {
                _ when prompt.StartsWith("BAD seed", StringComparison.Ordinal) => ("seed", cells!["seed"]!.GetValue<string>()),
                _ when prompt.StartsWith("BAD aspect", StringComparison.Ordinal) => ("aspect_ratio", cells!["aspect_ratio"]!.GetValue<string>()),
                _ => ("num_inference_steps", cells!["num_inference_steps"]!.GetValue<string>()),
            };
            Assert.Equal(column, error.Column);
            Assert.Equal(value, error.Value);
            Assert.Equal(row.Line, error.Line);
            Assert.Contains($"Line {row.Line}, column {column}: '{value}'", error.Text);
            Assert.Null(row.EstimatedCost);
        }
        Assert.Contains("must be a whole number", byPrompt["BAD seed decimal"].Messages[0].Text);
        Assert.Contains("is not one of 16:9, 9:16", byPrompt["BAD aspect 21:9"].Messages[0].Text);

        // Documented edge rules (CellReader): -1 is below the seed minimum of 0 (leave it empty for a random seed) …
        var minusOne = byPrompt["EDGE seed -1 (often means random)"];
        Assert.Equal(ImportRowState.Error, minusOne.State);
        Assert.Contains(minusOne.Messages, m => m.Column == "seed" && m.Value == "-1" && m.Text.Contains("at least 0"));
        // … an empty seed means "random": no seed is sent …
        var empty = byPrompt["EDGE seed empty (use default/random)"];
        Assert.Equal(ImportRowState.Ok, empty.State);
        Assert.Null(empty.Parameters["seed"]);
        // … spaces around a choice are not part of it (an info note, still ok) …
        var spaced = byPrompt["EDGE aspect with spaces"];
        Assert.Equal(ImportRowState.Ok, spaced.State);
        Assert.Equal("16:9", spaced.Parameters["aspect_ratio"]!.GetValue<string>());
        Assert.Contains(spaced.Messages, m => m.Code == "trimmed" && m.Severity == ImportSeverity.Info && m.Value == " 16:9 ");
        // … and full-width ASCII is read as ASCII, with a warning on the row.
        var fullWidth = byPrompt["EDGE aspect full-width digits"];
        Assert.Equal(ImportRowState.Warning, fullWidth.State);
        Assert.Equal("16:9", fullWidth.Parameters["aspect_ratio"]!.GetValue<string>());
        Assert.Contains(fullWidth.Messages, m => m.Code == "full_width" && m.Value == "１６:９");

        Assert.Equal(5, result.ValidCount);
        Assert.Equal(10, result.RejectedCount);
    }

    [Fact]
    public void ZeroBytes_RefusedAsEmpty()
    {
        var refusal = Importers.Refusal(() => Import("zero_bytes.csv"));
        Assert.Equal(ImportRefusal.FileEmpty, refusal.Code);
        Assert.Contains("empty", refusal.Detail);
    }

    [Fact]
    public void PngImageRenamed_RefusedAsNotText_SayingWhatItIsAndHowToSave()
    {
        var refusal = Importers.Refusal(() => Import("png_image_renamed.csv"));
        Assert.Equal(ImportRefusal.NotText, refusal.Code);
        Assert.Contains("a PNG image", refusal.Detail);
        Assert.Contains("CSV UTF-8", refusal.Detail);
    }

    [Fact]
    public void FormulaInjection_PromptsAreLiteralText()
    {
        var result = Import("formula_injection.csv");

        Assert.Equal(ExpectedPrompts("formula_injection.csv"), result.Rows.Select(r => r.Prompt));
        Assert.Null(result.Delimiter);
        Assert.Equal(8, result.ValidCount);
    }

    [Fact]
    public void VbenchAll_946RowsImportWhole_EqualToTheSourceLines()
    {
        var result = Importers.ImportFile(TestFiles.Path("vbench_all.csv"));
        var source = File.ReadAllLines(TestFiles.Path("vbench_all_dimension.txt"));

        Assert.Equal(946, result.Rows.Count);
        Assert.Equal(946, result.ValidCount);
        Assert.Equal(source, result.Rows.Select(r => r.Prompt));
        Assert.Equal(Enumerable.Range(1, 946), result.Rows.Select(r => r.RowNumber));
        Assert.Equal(946 * 0.20m, result.EstimatedCost);
        Assert.Equal(FalModels.Wan21T2V13B, result.ModelId);
    }

    [Fact]
    public void VbenchSample50_AllRowsValidWithTheirParameters()
    {
        var result = Importers.ImportFile(TestFiles.Path("vbench_sample50.csv"));

        Assert.Equal(50, result.ValidCount);
        Assert.All(result.Rows, r => Assert.Equal(ImportRowState.Ok, r.State));
        Assert.Equal(17591060L, result.Rows[0].Parameters["seed"]!.GetValue<long>());
        Assert.Equal(50L, result.Rows[0].Parameters["num_inference_steps"]!.GetValue<long>());
        Assert.Null(result.Rows[1].Parameters["negative_prompt"]);
        Assert.Equal(10.00m, result.EstimatedCost);
    }
}
