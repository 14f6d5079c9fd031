using FalVideo.Core.Catalog;
using FalVideo.Core.Import;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Import;

/// <summary>Layouts spreadsheet apps write around the data (TestData/csv-extra, made by make_files.py): titles, sep= lines, padding, spaces, quotes.</summary>
public sealed class ExcelExportKindsTests
{
    private static ImportResult Import(string name) => Importers.ImportFile(TestFiles.Path("csv-extra", name));

    [Theory]
    [InlineData("title_row_above_header.csv", ',', new[] { "a cat", "b dog" }, "1 ('My video prompts')", 2)]
    [InlineData("numbers_table_title.csv", ';', new[] { "ein Hund" }, "1 ('Table 1')", 2)]
    public void TitleLineAboveTheHeader_SkippedWithAWarningNamingIt(string file, char delimiter, string[] prompts, string title, int headerLine)
    {
        var result = Import(file);
        Assert.True(result.HasHeader);
        Assert.Equal(delimiter, result.Delimiter);
        Assert.Equal(prompts, result.Rows.Select(r => r.Prompt));
        Assert.All(result.Rows, r => Assert.Equal(ImportRowState.Ok, r.State));
        var warning = Assert.Single(result.FileMessages, m => m.Code == "title_lines_skipped");
        Assert.Contains($"Line(s) {title} above the header on line {headerLine}", warning.Text);
    }

    [Fact]
    public void HeaderLineInsideAPromptList_RejectedNotAPrompt()
    {
        var result = Import("header_line_in_prompt_list.csv");
        Assert.Equal(["a cat", "a dog", "a bird", "a fish", "prompt,seed", "a cow"], result.Rows.Select(r => r.Prompt));
        var error = Assert.Single(result.Rows[4].Messages);
        Assert.Equal("header_row", error.Code);
        Assert.Contains("Line 5: 'prompt,seed' is a header line, not a prompt", error.Text);
        Assert.Equal(5, result.ValidCount);
    }

    [Fact]
    public void RepeatedHeader_RejectedAsAHeaderLine()
    {
        var result = Importers.ImportBytes("prompt,seed\na,1\nPrompt,Seed\nb,2\n"u8.ToArray(), new ImportRequest());
        var error = Assert.Single(result.Rows[1].Messages);
        Assert.Equal("header_row", error.Code);
        Assert.Contains("(the header is line 1)", error.Text);
    }

    [Theory]
    [InlineData("sep_hint_quoted.csv", "a, cat")]
    [InlineData("sep_hint_padded.csv", "x")]
    public void SepHint_QuotedOrPadded_SetsTheDelimiter(string file, string prompt)
    {
        var result = Import(file);
        Assert.Equal(';', result.Delimiter);
        var row = Assert.Single(result.Rows);
        Assert.Equal(prompt, row.Prompt);
        Assert.Equal(3, row.Line);
        Assert.Equal(1L, row.Parameters["seed"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("headerless_trailing_commas.csv", new[] { "a cat", "a dog", "a bird" })]
    [InlineData("headerless_trailing_semicolons.csv", new[] { "ein Hund, braun", "eine Katze" })]
    public void OnePromptPerLine_WithTrailingDelimiters_EmptyColumnsIgnored(string file, string[] prompts)
    {
        var result = Import(file);
        Assert.False(result.HasHeader);
        Assert.Equal(prompts, result.Rows.Select(r => r.Prompt));
        Assert.All(result.Rows, r => Assert.Equal(ImportRowState.Ok, r.State));
    }

    [Fact]
    public void HeaderlessPromptsWithCommas_AdviceIsAHeaderOfJustPrompt()
    {
        var refusal = Importers.Refusal(() => Import("headerless_prompts_with_commas.csv"));
        Assert.Equal(ImportRefusal.NoHeaderPromptList, refusal.Code);
        Assert.Equal(1, refusal.Line);
        Assert.Contains("add a first line that says just prompt", refusal.Detail);
        Assert.DoesNotContain("seed", refusal.Detail);
    }

    [Fact]
    public void SpacesAroundQuotedFields_ReadAsQuoted()
    {
        var result = Import("space_before_quotes.csv");
        Assert.Equal(["prompt", "negative_prompt", "seed"], result.Columns.Select(c => c.Header));
        Assert.Equal(["a cat", "b, dog"], result.Rows.Select(r => r.Prompt));
        Assert.Equal("blurry, dark", result.Rows[0].Parameters["negative_prompt"]!.GetValue<string>());
        Assert.Equal([1L, 2L], result.Rows.Select(r => r.Parameters["seed"]!.GetValue<long>()));
        Assert.All(result.Rows, r => Assert.NotEqual(ImportRowState.Error, r.State));
        Assert.DoesNotContain(result.Rows, r => r.Messages.Any(m => m.Code == "quote_recovered"));
    }

    [Fact]
    public void HeaderWithSpacesInsideQuotes_NamesTrimmed()
    {
        var result = Import("header_spaces_inside_quotes.csv");
        Assert.Equal(["prompt", "seed"], result.Columns.Select(c => c.Header));
        Assert.Equal(1L, result.Rows[0].Parameters["seed"]!.GetValue<long>());
    }

    [Fact]
    public void UnquotedSpacesInPrompts_Kept()
    {
        var result = Importers.ImportBytes("prompt,seed\n  a cat  ,1\n"u8.ToArray(), new ImportRequest());
        Assert.Equal("  a cat  ", result.Rows[0].Prompt);
    }

    [Fact]
    public void BareInnerQuotes_RowRejectedExplainingDoubledQuotes()
    {
        var result = Import("bare_inner_quotes.csv");
        var bad = result.Rows[0];
        Assert.Equal(ImportRowState.Error, bad.State);
        var error = Assert.Single(bad.Messages);
        Assert.Equal("quote_recovered", error.Code);
        Assert.Contains("Line 2: a quoted cell has text after its closing quote (\"a cat \"big\" bad\",1)", error.Text);
        Assert.Contains("write each quote twice", error.Text);
        Assert.Equal(ImportRowState.Ok, result.Rows[1].State);
    }

    [Fact]
    public void InvisibleCharacters_OnlyInvisiblePromptsRejected_AroundValuesRemovedVisibly()
    {
        var result = Import("invisible_characters.csv");
        Assert.Contains(result.Rows[0].Messages, m => m.Code == "empty_prompt" && m.Text.Contains("only invisible characters (U+200B)"));
        Assert.Contains(result.Rows[1].Messages, m => m.Code == "empty_prompt" && m.Text.Contains("U+2060"));
        var third = result.Rows[2];
        Assert.Equal(ImportRowState.Warning, third.State);
        Assert.Equal("9:16", third.Parameters["aspect_ratio"]!.GetValue<string>());
        Assert.Contains(third.Messages, m => m.Code == "invisible_removed" && m.Text.Contains("U+200B around '9:16'"));
    }

    [Fact]
    public void ControlCharacterInPrompt_Rejected()
    {
        var result = Importers.ImportBytes("prompt\na\vcat\n"u8.ToArray(), new ImportRequest());
        Assert.Contains(result.Rows[0].Messages, m => m.Code == "control_character" && m.Text.Contains("U+000B at position 2"));
    }

    [Fact]
    public void ExcelNumberDamage_ExplainedWithTheFix()
    {
        var result = Import("excel_number_damage.csv");
        Assert.Contains(result.Rows[0].Messages, m => m.Text.Contains("Excel rounded this long number") && m.Text.Contains("format the column as Text"));
        Assert.Contains(result.Rows[1].Messages, m => m.Text.Contains("remove the thousands separator (write 1234)"));
    }

    [Fact]
    public void ModelIdsMatchIgnoringCase()
    {
        var result = Importers.ImportBytes("prompt,model\nx,fal-ai/VEO3\n"u8.ToArray(), new ImportRequest());
        Assert.Equal(FalModels.Veo3, result.Rows[0].ModelId);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, "only a byte order mark")]
    [InlineData(new byte[] { 0xFF, 0xFE }, "only a byte order mark")]
    [InlineData(new byte[] { (byte)'s', (byte)'e', (byte)'p', (byte)'=', (byte)';', 13, 10 }, "only the sep=; line")]
    public void BomOrSepLineOnly_SaysSo(byte[] bytes, string expected)
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes(bytes, new ImportRequest()));
        Assert.Equal(ImportRefusal.FileEmpty, refusal.Code);
        Assert.Contains(expected, refusal.Detail);
    }

    [Fact]
    public void BomInsideQuotedHeader_Stripped()
    {
        var result = Importers.ImportBytes([.. "\""u8.ToArray(), 0xEF, 0xBB, 0xBF, .. "prompt\",seed\na,1\n"u8.ToArray()], new ImportRequest());
        Assert.Equal("prompt", result.Columns[0].Header);
    }
}
