using System.Text;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Import;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Import;

/// <summary>Our own nasty uploads (TestData/csv-extra, see its README.md).</summary>
public sealed class ExtraCsvFilesTests
{
    private static ImportResult Import(string name, ImportRequest? request = null) =>
        Importers.ImportFile(TestFiles.Path("csv-extra", name), request);

    private static ImportRefusal Refused(string name) => Importers.Refusal(() => Import(name));

    [Fact]
    public void Utf16LeTabExcelUnicodeText_ReadExactly()
    {
        var result = Import("utf16le_bom_tab_excel_unicode_text.csv");

        Assert.Equal(TextEncodings.Utf16LE, result.Encoding.Name);
        Assert.Equal('\t', result.Delimiter);
        Assert.Equal(["A lighthouse at dusk, waves crashing", "夕暮れの灯台、波しぶき", "Quoted, with a \"quote\" and a tab\tinside"], result.Rows.Select(r => r.Prompt));
        Assert.Equal(3, result.ValidCount);
        Assert.Equal("tab", result.DelimiterName);
    }

    [Fact]
    public void Utf16Be_ReadExactly()
    {
        var result = Import("utf16be_bom.csv");
        Assert.Equal(TextEncodings.Utf16BE, result.Encoding.Name);
        Assert.Equal(["Snow falling on a quiet village", "静かな村に雪が降る"], result.Rows.Select(r => r.Prompt));
    }

    [Fact]
    public void Utf16LeWithoutBom_Detected()
    {
        var bytes = Encoding.Unicode.GetBytes("prompt,seed\r\n朝の海,1\r\nA boat,2\r\n");
        var result = Importers.ImportBytes(bytes, new ImportRequest());
        Assert.Equal(TextEncodings.Utf16LE, result.Encoding.Name);
        Assert.Equal(["朝の海", "A boat"], result.Rows.Select(r => r.Prompt));
    }

    [Fact]
    public void TabDelimited_CommasAndSemicolonsStayInPrompts_DecimalCommaNoted()
    {
        var result = Import("tab_delimited_commas_inside.csv");

        Assert.Equal('\t', result.Delimiter);
        Assert.Equal(["A fox, a hare; and a crow in a forest", "City lights; rain, neon reflections"], result.Rows.Select(r => r.Prompt));
        Assert.Equal(6.5, result.Rows[0].Parameters["guidance_scale"]!.GetValue<double>());
        Assert.Equal("blurry, low quality", result.Rows[0].Parameters["negative_prompt"]!.GetValue<string>());
    }

    [Fact]
    public void BareCrLineEndings_RowsSplitAndCrInsideQuotesKept()
    {
        var result = Import("bare_cr_line_endings.csv");

        Assert.Equal(["A sailboat on a calm lake", "Two lines:\rsecond line here", "A windmill at sunrise"], result.Rows.Select(r => r.Prompt));
        Assert.Equal([2, 3, 6], result.Rows.Select(r => r.Line));
        Assert.Equal([5], result.SkippedLines);
    }

    [Fact]
    public void Windows1252FrenchExcel_DetectedWithAccentsEuroAndDecimalCommas()
    {
        var result = Import("windows1252_french_excel.csv");

        Assert.Equal(TextEncodings.Windows1252, result.Encoding.Name);
        Assert.Equal(';', result.Delimiter);
        Assert.Equal([
            "Café crème et croissant sur une terrasse, lumière du matin",
            "Une façade naïve à Noël, prix 5 € – “joyeux”",
            "Straße in München im Herbst, Blätter fallen"], result.Rows.Select(r => r.Prompt));
        Assert.Equal([7.5, 5.0, 4.25], result.Rows.Select(r => r.Parameters["guidance_scale"]!.GetValue<double>()));
    }

    [Fact]
    public void Windows1252_ChosenByUserAsCp932_RefusedNamingTheLine()
    {
        // "é " is not a CP932 character: choosing the wrong encoding fails loudly instead of showing mojibake.
        var refusal = Importers.Refusal(() => Import("windows1252_french_excel.csv", new ImportRequest(Encoding: "Shift_JIS")));
        Assert.Equal(ImportRefusal.InvalidForEncoding, refusal.Code);
        Assert.Equal(2, refusal.Line);
    }

    [Fact]
    public void Cp932File_UserMayOverrideTheEncoding()
    {
        var result = Import("japanese_headers_cp932.csv", new ImportRequest(Encoding: "cp932"));
        Assert.Equal(TextEncodings.Cp932, result.Encoding.Name);
        Assert.Equal("chosen by the user", result.Encoding.Reason);
    }

    [Theory]
    [InlineData("xlsx_workbook_renamed.csv", "an Excel workbook (.xlsx)")]
    [InlineData("pdf_renamed.csv", "a PDF document")]
    [InlineData("jpeg_renamed.csv", "a JPEG image")]
    public void NonCsvFiles_RefusedSayingWhatTheyAreAndHowToSaveAsCsvUtf8(string file, string what)
    {
        var refusal = Refused(file);
        Assert.Equal(ImportRefusal.NotText, refusal.Code);
        Assert.Contains($"This file is {what}, not CSV text", refusal.Detail);
        Assert.Contains("\"CSV UTF-8 (Comma delimited) (*.csv)\"", refusal.Detail);
    }

    [Fact]
    public void RandomBinary_RefusedAsBinary()
    {
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray();
        var refusal = Importers.Refusal(() => Importers.ImportBytes(bytes, new ImportRequest()));
        Assert.Equal(ImportRefusal.NotText, refusal.Code);
        Assert.Contains("a binary file", refusal.Detail);
    }

    [Fact]
    public void HeaderlessList_OnePromptPerLine_CommasKept()
    {
        var result = Import("headerless_prompt_list.csv");

        Assert.False(result.HasHeader);
        Assert.Null(result.Delimiter);
        Assert.Equal(["A cat sleeping on a windowsill", "In a still frame, a stop sign", "A quoted prompt, with \"quotes\"", "the 12\" record spins"],
            result.Rows.Select(r => r.Prompt));
        Assert.Equal([1, 2, 4, 5], result.Rows.Select(r => r.Line));
        Assert.Equal([3], result.SkippedLines);
        Assert.Equal(4, result.ValidCount);
    }

    [Fact]
    public void HeaderlessList_FirstLineLooksLikeAColumnName_Warned()
    {
        var result = Importers.ImportBytes("description\nA cat on a roof\n"u8.ToArray(), new ImportRequest());
        var first = result.Rows[0];
        Assert.Equal("description", first.Prompt);
        Assert.Equal(ImportRowState.Warning, first.State);
        Assert.Contains(first.Messages, m => m.Code == "maybe_header");
    }

    [Fact]
    public void HeaderlessTwoColumns_RefusedAskingForAHeader()
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes("A cat,1\nA dog,2\n"u8.ToArray(), new ImportRequest()));
        Assert.Equal(ImportRefusal.NoHeader, refusal.Code);
        Assert.Equal(1, refusal.Line);
        Assert.Contains("prompt,seed,aspect_ratio", refusal.Detail);
    }

    [Fact]
    public void HeaderWithoutPromptColumn_Refused()
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes("description,seed\nA cat,1\n"u8.ToArray(), new ImportRequest()));
        Assert.Equal(ImportRefusal.NoPromptColumn, refusal.Code);
        Assert.Contains("description, seed", refusal.Detail);
    }

    [Theory]
    [InlineData("duplicate_headers.csv", "column 1 ('prompt') and column 3 ('Prompt') both mean prompt")]
    [InlineData("duplicate_alias_headers.csv", "column 1 ('text') and column 3 ('prompt') both mean prompt")]
    public void DuplicateHeaders_RefusedNamingBothColumns(string file, string expected)
    {
        var refusal = Refused(file);
        Assert.Equal(ImportRefusal.DuplicateColumns, refusal.Code);
        Assert.Contains(expected, refusal.Detail);
    }

    [Fact]
    public void DuplicateUnknownColumns_AlsoRefused()
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes("prompt,notes,Notes\nA cat,a,b\n"u8.ToArray(), new ImportRequest()));
        Assert.Equal(ImportRefusal.DuplicateColumns, refusal.Code);
    }

    [Fact]
    public void HeaderOnly_RefusedAsNoRows()
    {
        var refusal = Refused("header_only.csv");
        Assert.Equal(ImportRefusal.NoRows, refusal.Code);
        Assert.Contains("header (line 1: prompt, seed, aspect_ratio) but no rows", refusal.Detail);
    }

    [Fact]
    public void WhitespaceOnly_RefusedAsEmpty()
    {
        Assert.Equal(ImportRefusal.FileEmpty, Refused("whitespace_only.csv").Code);
    }

    [Fact]
    public void ExcelSepHint_SetsDelimiter_LineNumbersCountIt()
    {
        var result = Import("excel_sep_hint.csv");
        Assert.Equal(';', result.Delimiter);
        var row = Assert.Single(result.Rows);
        Assert.Equal("A cat, sleeping", row.Prompt);
        Assert.Equal(3, row.Line);
        Assert.Equal(5L, row.Parameters["seed"]!.GetValue<long>());
    }

    [Fact]
    public void UnterminatedQuote_RefusedNamingTheLine()
    {
        var refusal = Refused("unterminated_quote.csv");
        Assert.Equal(ImportRefusal.UnterminatedQuote, refusal.Code);
        Assert.Equal(3, refusal.Line);
    }

    [Fact]
    public void UnquotedCommaInPrompt_RowRejectedExplainingQuotes()
    {
        var result = Import("unquoted_comma_too_many_cells.csv");

        var bad = result.Rows[0];
        Assert.Equal(ImportRowState.Error, bad.State);
        var error = Assert.Single(bad.Messages);
        Assert.Equal("too_many_cells", error.Code);
        Assert.Contains("Line 2: has 3 cells but the header has 2 columns; a prompt that contains ',' must be in double quotes", error.Text);
        Assert.Equal(ImportRowState.Ok, result.Rows[1].State);
    }

    [Fact]
    public void JapaneseHeadersCp932_AliasesMapped_FullWidthFoldedWithWarnings()
    {
        var result = Import("japanese_headers_cp932.csv");

        Assert.Equal(TextEncodings.Cp932, result.Encoding.Name);
        Assert.Equal(["prompt", "negative_prompt", "seed", "aspect_ratio"], result.Columns.Select(c => c.Field));
        Assert.Equal(["桜の下で猫が眠る", "雪の金閣寺"], result.Rows.Select(r => r.Prompt));
        Assert.Equal(42L, result.Rows[0].Parameters["seed"]!.GetValue<long>());
        Assert.Equal("9:16", result.Rows[1].Parameters["aspect_ratio"]!.GetValue<string>());
        Assert.All(result.Rows, r => Assert.Equal(ImportRowState.Warning, r.State));
        Assert.Contains(result.Rows[0].Messages, m => m.Code == "full_width" && m.Column == "シード" && m.Value == "４２");
    }

    [Fact]
    public void BrokenUtf8_RefusedAsDamagedNamingTheLine()
    {
        var refusal = Refused("broken_utf8_one_bad_byte.csv");
        Assert.Equal(ImportRefusal.BrokenUtf8, refusal.Code);
        Assert.Equal(3, refusal.Line);
    }

    [Fact]
    public void UnknownAndUnnamedColumns_WarnedAndIgnored()
    {
        var result = Import("unknown_and_unnamed_columns.csv");

        Assert.Equal(2, result.ValidCount);
        Assert.Contains(result.FileMessages, m => m.Code == "unknown_columns" && m.Text.Contains("notes (column 2)"));
        Assert.Contains(result.FileMessages, m => m.Code == "unnamed_column" && m.Text.Contains("Column 3 has no name") && m.Text.Contains("1 row(s)"));
        Assert.Equal("{\"seed\":1}", result.Rows[0].Parameters.ToJsonString());
    }

    [Fact]
    public void ModelColumn_ChoosesModelPerRow_UnknownModelRejected()
    {
        var result = Import("model_column.csv");

        var kling = result.Rows[0];
        Assert.Equal(FalModels.Kling21Master, kling.ModelId);
        Assert.Equal("10", kling.Parameters["duration"]!.GetValue<string>());
        Assert.Equal(2.80m, kling.EstimatedCost);
        var wan = result.Rows[1];
        Assert.Equal(FalModels.Wan21T2V13B, wan.ModelId);
        Assert.Equal(ImportRowState.Ok, wan.State);
        var unknown = result.Rows[2];
        Assert.Equal(ImportRowState.Error, unknown.State);
        Assert.Contains(unknown.Messages, m => m.Code == "unknown_model" && m.Column == "model" && m.Value == "acme/unknown-model");
        Assert.Contains(result.FileMessages, m => m.Code == "column_not_in_model" && m.Text.Contains("duration"));
        Assert.Equal(3.00m, result.EstimatedCost);
    }

    [Fact]
    public void HeaderWithSpacesAndAliases_AllMapped()
    {
        var result = Import("header_spaces_and_aliases.csv");
        Assert.Equal(["prompt", "negative_prompt", "aspect_ratio", "num_inference_steps"], result.Columns.Select(c => c.Field));
        Assert.Equal("{\"negative_prompt\":\"blurry\",\"aspect_ratio\":\"9:16\",\"num_inference_steps\":40}", result.Rows[0].Parameters.ToJsonString());
    }

    [Fact]
    public void Cp932NecSelectedCodes_DecodeLikeWindows()
    {
        var bytes = File.ReadAllBytes(TestFiles.Path("csv-extra", "cp932_nec_selected_codes.bin"));
        var expected = File.ReadAllText(TestFiles.Path("csv-extra", "cp932_nec_selected_codes.expected.txt"));
        Assert.Equal(374, expected.Length);
        Assert.Equal(expected, EncodingDetector.Decode(bytes, TextEncodings.Cp932, 0));
    }

    [Fact]
    public void DefaultParameters_AppliedWhereRowHasNone()
    {
        var defaults = new JsonObject { ["aspect_ratio"] = "9:16", ["num_inference_steps"] = 20 };
        var result = Importers.ImportBytes("prompt,aspect_ratio\nA,16:9\nB,\n"u8.ToArray(), new ImportRequest(DefaultParameters: defaults));
        Assert.Equal("{\"aspect_ratio\":\"16:9\",\"num_inference_steps\":20}", result.Rows[0].Parameters.ToJsonString());
        Assert.Equal("{\"aspect_ratio\":\"9:16\",\"num_inference_steps\":20}", result.Rows[1].Parameters.ToJsonString());
    }

    [Fact]
    public void InvalidDefaultParameters_Refused()
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes("prompt\nA\n"u8.ToArray(), new ImportRequest(DefaultParameters: new JsonObject { ["aspect_ratio"] = "21:9" })));
        Assert.Equal(ImportRefusal.InvalidDefaults, refusal.Code);
        Assert.Contains("aspect_ratio", refusal.Detail);
    }

    [Fact]
    public void CommaDelimitedDecimalComma_QuotedValueRefused()
    {
        var result = Importers.ImportBytes("prompt,guidance_scale\nA,\"7,5\"\n"u8.ToArray(), new ImportRequest());
        var error = Assert.Single(result.Rows[0].Messages);
        Assert.Contains("use a dot for decimals", error.Text);
    }

    [Fact]
    public void MaxRows_ExceededRefusedWithTheCount()
    {
        var csv = "prompt\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"prompt {i}\n"));
        var refusal = Importers.Refusal(() => Importers.ImportBytes(Encoding.UTF8.GetBytes(csv), new ImportRequest(), Importers.Create(maxRows: 10)));
        Assert.Equal(ImportRefusal.TooManyRows, refusal.Code);
        Assert.Contains("The file has 12 rows; the limit is 10", refusal.Detail);
    }

    [Fact]
    public void MaxFileBytes_ExceededRefused()
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes(new byte[2048], new ImportRequest(), Importers.Create(maxFileBytes: 1024)));
        Assert.Equal(ImportRefusal.TooLarge, refusal.Code);
        Assert.Contains("The file is 2 KB; the limit is 1 KB", refusal.Detail);
    }

    [Fact]
    public async Task MaxFileBytes_StreamStopsReadingPastTheLimit()
    {
        var stream = new MemoryStream(new byte[10_000]);
        await Assert.ThrowsAsync<ImportRefusedException>(() => CsvPromptImporter.ReadLimitedAsync(stream, 4096, TestContext.Current.CancellationToken));
        Assert.True(stream.Position < 10_000);
    }

    [Fact]
    public void LongPrompt_RejectedWithItsLength()
    {
        var csv = "prompt\n" + new string('a', 5001) + "\n";
        var row = Importers.ImportBytes(Encoding.UTF8.GetBytes(csv), new ImportRequest()).Rows[0];
        Assert.Contains(row.Messages, m => m.Code == "prompt_too_long" && m.Text.Contains("5001 characters; the limit is 5000"));
    }
}
