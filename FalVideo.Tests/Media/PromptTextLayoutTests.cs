using FalVideo.Core.Media.Offline;
using SkiaSharp;

namespace FalVideo.Tests.Media;

public sealed class PromptTextLayoutTests : IDisposable
{
    private readonly OfflineFonts _fonts = new();

    [Fact]
    public void Wrap_English_BreaksAtSpacesWithinWidth()
    {
        using var font = new SKFont(_fonts.Regular, 24);
        const string text = "A tranquil tableau of an antique bowl on a wooden table, morning light through the window";

        var lines = PromptTextLayout.Wrap(text, font, 300);

        Assert.True(lines.Count >= 3, string.Join(" | ", lines));
        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 300, $"'{line}' is wider than 300"));
        Assert.Equal(text, string.Join(" ", lines));
    }

    [Fact]
    public void Wrap_Japanese_BreaksBetweenCharactersButNotBeforeClosingPunctuation()
    {
        var typeface = _fonts.For("夕暮れ");
        using var font = new SKFont(typeface, 24);
        const string text = "夕暮れの京都の路地を、一匹の猫がゆっくり歩いている。やわらかな光が石畳を照らす。";

        var lines = PromptTextLayout.Wrap(text, font, 200);

        Assert.True(lines.Count >= 3, string.Join(" | ", lines));
        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 200, $"'{line}' is wider than 200"));
        Assert.All(lines, line => Assert.DoesNotContain(line[0], "、。"));
        Assert.Equal(text, string.Concat(lines));
    }

    [Fact]
    public void Wrap_WordWiderThanLine_IsBrokenByCharacters()
    {
        using var font = new SKFont(_fonts.Regular, 24);
        const string word = "Pneumonoultramicroscopicsilicovolcanoconiosis";

        var lines = PromptTextLayout.Wrap($"see {word} here", font, 150);

        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 150, $"'{line}' is wider than 150"));
        Assert.Equal($"see{word}here", string.Concat(lines).Replace(" ", ""));
    }

    [Fact]
    public void Wrap_KeepsLineBreaksOfThePrompt()
    {
        using var font = new SKFont(_fonts.Regular, 24);

        var lines = PromptTextLayout.Wrap("first line\nsecond", font, 1000);

        Assert.Equal(["first line", "second"], lines);
    }

    [Fact]
    public void Ellipsize_CutsOnlyWhatDoesNotFit()
    {
        using var font = new SKFont(_fonts.Regular, 24);

        Assert.Equal("short", PromptTextLayout.Ellipsize("short", font, 500));
        Assert.Equal("short…", PromptTextLayout.Ellipsize("short", font, 500, cut: true));
        var cut = PromptTextLayout.Ellipsize("a rather long line that cannot fit", font, 120);
        Assert.EndsWith("…", cut);
        Assert.True(font.MeasureText(cut) <= 120);
    }

    public void Dispose() => _fonts.Dispose();
}
