using FalVideo.Core.Import;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Import;

/// <summary>Text files that are not CSV — a web page saved instead of the export, Excel's XML format, JSON — are refused by name.</summary>
public sealed class NonCsvTextKindsTests
{
    private static ImportResult Import(string name) => Importers.ImportFile(TestFiles.Path("csv-extra", name));

    [Theory]
    [InlineData("google_sheets_html_login_page.csv", "a web page (HTML)")]
    [InlineData("excel_xml_spreadsheet_2003.csv", "an Excel XML Spreadsheet 2003")]
    [InlineData("json_array.csv", "a JSON file")]
    public void MarkupAndJson_RefusedSayingWhatTheyAreAndHowToSaveAsCsvUtf8(string file, string what)
    {
        var refusal = Importers.Refusal(() => Import(file));
        Assert.Equal(ImportRefusal.NotText, refusal.Code);
        Assert.Contains($"This file is {what}, not CSV text", refusal.Detail);
        Assert.Contains("\"CSV UTF-8 (Comma delimited) (*.csv)\"", refusal.Detail);
    }

    [Fact]
    public void PromptListStartingWithABracket_StillImported()
    {
        var result = Import("bracket_prompt_list.csv");
        Assert.Equal(["[draft] a cat on a roof", "{wide} a dog, running"], result.Rows.Select(r => r.Prompt));
    }

    [Fact]
    public void OtherXml_RefusedAsXml()
    {
        var refusal = Importers.Refusal(() => Importers.ImportBytes("\uFEFF<?xml version=\"1.0\"?><rows><row>a</row></rows>\n"u8.ToArray(), new ImportRequest()));
        Assert.Contains("an XML file", refusal.Detail);
    }
}
