using System.Text;
using FalVideo.Core.Import;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Import;

/// <summary>
/// Kinds of encoding an Excel export can come in (TestData/csv-extra, made by make_files.py): every Japanese script alone,
/// Western code pages that are not Windows-1252, UTF-8 with other rows pasted in, and NUL bytes.
/// </summary>
public sealed class EncodingKindsTests
{
    private static ImportResult Import(string name) => Importers.ImportFile(TestFiles.Path("csv-extra", name));

    private static ImportRefusal Refused(string name) => Importers.Refusal(() => Import(name));

    [Theory]
    [InlineData("cp932_kanji_only.csv", new[] { "富士山", "忍者", "海辺" })]
    [InlineData("cp932_kanji_one_per_line.csv", new[] { "猫", "犬" })]
    [InlineData("cp932_halfwidth_katakana_only.csv", new[] { "ｶﾀｶﾅ ﾃｽﾄ", "ﾈｺ" })]
    public void Cp932_WithOnlyKanjiOrOnlyHalfWidthKatakana_ReadAsJapanese(string file, string[] prompts)
    {
        var result = Import(file);
        Assert.Equal(TextEncodings.Cp932, result.Encoding.Name);
        Assert.Equal(prompts, result.Rows.Select(r => r.Prompt));
        Assert.All(result.Rows, r => Assert.Equal(ImportRowState.Ok, r.State));
    }

    [Theory]
    [InlineData("富士山\r\n東京駅 夜景\r\n")]
    [InlineData("prompt\r\nｻｸﾗ ｻｸ\r\nﾈｺ ﾈﾙ\r\n")]
    [InlineData("prompt,seed\r\n桜吹雪,3\r\n")]
    public void Cp932_BuiltInTest_NotMistakenFor1252(string text)
    {
        var result = Importers.ImportBytes(TextEncodings.Strict(TextEncodings.Cp932).GetBytes(text), new ImportRequest());
        Assert.Equal(TextEncodings.Cp932, result.Encoding.Name);
        Assert.DoesNotContain(result.Rows, r => r.Messages.Any(m => m.Code == "maybe_header"));
    }

    [Theory]
    [InlineData("Ärger über Öl;1")]
    [InlineData("Café crème, déjà vu;1")]
    [InlineData("Une façade naïve à Noël – “joyeux” 5 €;1")]
    public void Windows1252_WesternTextStill1252(string row)
    {
        var result = Importers.ImportBytes(TextEncodings.Strict(TextEncodings.Windows1252).GetBytes("prompt;seed\r\n" + row + "\r\n"), new ImportRequest());
        Assert.Equal(TextEncodings.Windows1252, result.Encoding.Name);
        Assert.Equal(row[..row.LastIndexOf(';')], result.Rows[0].Prompt);
    }

    [Theory]
    [InlineData("macroman_cr.csv", "cafŽ")]
    [InlineData("cp850_msdos.csv", "Caf‚ crŠme")]
    [InlineData("cp1250_czech.csv", "Pes bìží po louce")]
    [InlineData("cp1251_cyrillic.csv", "Êîøêà")]
    public void OtherCodePages_RefusedNamingLineTriedEncodingsAndWhatToDo(string file, string shown)
    {
        var refusal = Refused(file);
        Assert.Equal(ImportRefusal.UnknownEncoding, refusal.Code);
        Assert.Equal(2, refusal.Line);
        Assert.Contains("line 2 would be '", refusal.Detail);
        Assert.Contains(shown, refusal.Detail);
        Assert.Contains("Tried: UTF-8, Shift_JIS (CP932), Windows-1252", refusal.Detail);
        Assert.Contains("choose that encoding", refusal.Detail);
        Assert.Contains("\"CSV UTF-8 (Comma delimited)\"", refusal.Detail);
        Assert.Equal("2", refusal.Args[0]);
    }

    [Fact]
    public void Windows1252_UndefinedBytes_NotDecoded()
    {
        Assert.Null(EncodingDetector.TryDecode([(byte)'a', 0x81, (byte)'b'], TextEncodings.Windows1252));
        var refusal = Importers.Refusal(() => Importers.ImportBytes([.. "prompt\nab"u8.ToArray(), 0x8D, .. "cd\n"u8.ToArray()], new ImportRequest(Encoding: "windows-1252")));
        Assert.Equal(ImportRefusal.InvalidForEncoding, refusal.Code);
        Assert.Equal(2, refusal.Line);
    }

    [Fact]
    public void MixedUtf8And1252Rows_RefusedAsDamagedUtf8AtTheFirst1252Line()
    {
        var refusal = Refused("mixed_utf8_and_1252_rows.csv");
        Assert.Equal(ImportRefusal.BrokenUtf8, refusal.Code);
        Assert.Equal(5, refusal.Line);
        Assert.Contains("the first on line 5", refusal.Detail);
    }

    [Fact]
    public void DoubleEncodedUtf8_RowRejectedShowingTheRepairedText()
    {
        var result = Import("double_encoded_utf8.csv");
        var bad = result.Rows[0];
        Assert.Equal(ImportRowState.Error, bad.State);
        var error = Assert.Single(bad.Messages, m => m.Code == "double_encoded");
        Assert.Equal(2, error.Line);
        Assert.Equal("prompt", error.Column);
        Assert.Contains("'café crème – naïve'", error.Text);
        Assert.Equal(ImportRowState.Ok, result.Rows[1].State);
    }

    [Fact]
    public void TrailingNulPadding_RemovedWithAWarning()
    {
        var result = Import("trailing_nul_padding.csv");
        Assert.Equal(["a cat"], result.Rows.Select(r => r.Prompt));
        Assert.Contains(result.FileMessages, m => m.Code == "nul_padding_removed" && m.Text.Contains("16 NUL byte(s)"));
    }

    [Fact]
    public void StrayNul_RefusedNamingTheLine()
    {
        var refusal = Refused("stray_nul_in_line_2.csv");
        Assert.Equal(ImportRefusal.NulCharacter, refusal.Code);
        Assert.Equal(2, refusal.Line);
        Assert.Contains("Line 2 contains a NUL character", refusal.Detail);
    }

    [Fact]
    public void Utf16LeJapaneseWithoutBom_Detected()
    {
        var result = Import("utf16le_japanese_no_bom.csv");
        Assert.Equal(TextEncodings.Utf16LE, result.Encoding.Name);
        Assert.Equal(["桜の木の下で猫が眠る", "富士山の夕焼け"], result.Rows.Select(r => r.Prompt));
    }

    [Fact]
    public void Utf16_OddByteCount_RefusedNamingTheRealLine()
    {
        var bytes = Encoding.Unicode.GetBytes("prompt\r\na\r\nb").Append((byte)'c').ToArray();
        var refusal = Importers.Refusal(() => Importers.ImportBytes(bytes, new ImportRequest(Encoding: "utf-16le")));
        Assert.Equal(ImportRefusal.InvalidForEncoding, refusal.Code);
        Assert.Equal(3, refusal.Line);
    }

    [Fact]
    public void CtrlZAtTheEnd_RemovedNotAPrompt()
    {
        var result = Importers.ImportBytes([.. "prompt,seed\r\na cat,1\r\n"u8.ToArray(), 0x1A], new ImportRequest());
        Assert.Equal(["a cat"], result.Rows.Select(r => r.Prompt));
        Assert.Contains(result.FileMessages, m => m.Code == "ctrl_z_removed");
    }
}
