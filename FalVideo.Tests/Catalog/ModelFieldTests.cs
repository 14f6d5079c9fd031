using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;

namespace FalVideo.Tests.Catalog;

public sealed class ModelFieldTests
{
    private static readonly ModelDefinition Wan = ModelCatalog.Default.Get(FalModels.Wan21T2V13B);
    private static ModelField WanField(string name) => Wan.Field(name)!;

    [Theory]
    [InlineData("12.5")]
    [InlineData("1e6")]
    [InlineData("12.0")]
    [InlineData("0x10")]
    [InlineData("1,000")]
    [InlineData("seven")]
    public void TryParse_Seed_RefusesAnythingButAWholeNumber(string raw)
    {
        var ok = WanField("seed").TryParse(raw, out var value, out var error);

        Assert.False(ok);
        Assert.Null(value);
        Assert.Equal("must be a whole number", error);
    }

    [Theory]
    [InlineData("17591060", 17591060L)]
    [InlineData(" 2034952420 ", 2034952420L)]
    [InlineData("+5", 5L)]
    public void TryParse_Seed_AcceptsWholeNumbers(string raw, long expected)
    {
        Assert.True(WanField("seed").TryParse(raw, out var value, out var error));
        Assert.Null(error);
        Assert.Equal(expected, value!.GetValue<long>());
    }

    [Fact]
    public void TryParse_Seed_RefusesNegative()
    {
        Assert.False(WanField("seed").TryParse("-1", out _, out var error));
        Assert.Equal("must be at least 0", error);
    }

    [Theory]
    [InlineData("51")]
    [InlineData("1")]
    public void TryParse_Steps_OutOfRange_SaysTheRange(string raw)
    {
        Assert.False(WanField("num_inference_steps").TryParse(raw, out _, out var error));
        Assert.Equal("must be between 2 and 50", error);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData(null, true)]
    public void TryParse_Blank_MeansNotGiven(string? raw, bool expected)
    {
        Assert.Equal(expected, WanField("seed").TryParse(raw, out var value, out var error));
        Assert.Null(value);
        Assert.Null(error);
    }

    [Fact]
    public void TryParse_BlankRequiredField_IsRequired()
    {
        Assert.False(WanField("prompt").TryParse(" ", out _, out var error));
        Assert.Equal("is required", error);
    }

    [Theory]
    [InlineData("5", 5.0)]
    [InlineData("7.25", 7.25)]
    [InlineData(".5", 0.5)]
    [InlineData("1e1", 10.0)]
    public void TryParse_Float_AcceptsDecimals(string raw, double expected)
    {
        Assert.True(WanField("guidance_scale").TryParse(raw, out var value, out _));
        Assert.Equal(expected, value!.GetValue<double>());
    }

    [Theory]
    [InlineData("5,5", "must be a number (use a dot for decimals)")]
    [InlineData("NaN", "must be a number")]
    [InlineData("Infinity", "must be a number")]
    [InlineData("21", "must be between 0 and 20")]
    public void TryParse_Float_RefusesNonNumbers(string raw, string expected)
    {
        Assert.False(WanField("guidance_scale").TryParse(raw, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    public void TryParse_Boolean_AcceptsTrueFalse(string raw, bool expected)
    {
        Assert.True(WanField("enable_safety_checker").TryParse(raw, out var value, out _));
        Assert.Equal(expected, value!.GetValue<bool>());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public void TryParse_Boolean_RefusesOtherWords(string raw)
    {
        Assert.False(WanField("enable_safety_checker").TryParse(raw, out _, out var error));
        Assert.Equal("must be true or false", error);
    }

    [Fact]
    public void TryParse_Enum_NamesTheAllowedValues()
    {
        Assert.False(WanField("aspect_ratio").TryParse("21:9", out _, out var error));
        Assert.Equal("'21:9' is not one of 16:9, 9:16", error);
    }

    [Fact]
    public void TryParse_Enum_IsCaseSensitive()
    {
        var resolution = ModelCatalog.Default.Get(FalModels.Wan22A14BT2V).Field("resolution")!;
        Assert.False(resolution.TryParse("720P", out _, out var error));
        Assert.Equal("'720P' is not one of 480p, 580p, 720p", error);
        Assert.True(resolution.TryParse("720p", out var value, out _));
        Assert.Equal("720p", value!.GetValue<string>());
    }

    [Fact]
    public void TryParse_KlingDuration_StaysText()
    {
        var duration = ModelCatalog.Default.Get(FalModels.Kling21Master).Field("duration")!;
        Assert.True(duration.TryParse("10", out var value, out _));
        Assert.Equal("\"10\"", value!.ToJsonString());
    }

    [Fact]
    public void TryParse_String_KeepsTextAsWritten()
    {
        Assert.True(WanField("negative_prompt").TryParse(" blurry, 低品質 ", out var value, out _));
        Assert.Equal(" blurry, 低品質 ", value!.GetValue<string>());
    }

    [Theory]
    [InlineData("30", null)]
    [InlineData("\"30\"", "must be a whole number")]
    [InlineData("30.0", "must be a whole number")]
    [InlineData("1e6", "must be a whole number")]
    [InlineData("true", "must be a whole number")]
    [InlineData("60", "must be between 2 and 50")]
    public void Check_IntegerJson_NoCoercion(string json, string? expected)
    {
        Assert.Equal(expected, WanField("num_inference_steps").Check(JsonNode.Parse(json)));
    }

    [Fact]
    public void Check_KlingDurationAsNumber_AsksForText()
    {
        var duration = ModelCatalog.Default.Get(FalModels.Kling21Master).Field("duration")!;
        Assert.Equal("must be one of 5, 10 (as text)", duration.Check(JsonNode.Parse("5")));
    }

    [Fact]
    public void Check_ValuesBuiltInCode_AreCheckedByValue()
    {
        var steps = WanField("num_inference_steps");
        Assert.Null(steps.Check(JsonValue.Create(40)));
        Assert.Equal("must be a whole number", steps.Check(JsonValue.Create(12.5)));
    }
}
