using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;

namespace FalVideo.Tests.Catalog;

/// <summary>Each refusal carries a code (for localized UIs) beside the unchanged English message (API, CSV reports).</summary>
public sealed class FieldProblemTests
{
    private static readonly ModelDefinition Wan = ModelCatalog.Default.Get(FalModels.Wan21T2V13B);

    [Theory]
    [InlineData("num_inference_steps", "12.5", FieldProblemKind.NotWholeNumber, "must be a whole number")]
    [InlineData("num_inference_steps", "99", FieldProblemKind.OutOfRange, "must be between 2 and 50")]
    [InlineData("guidance_scale", "5,5", FieldProblemKind.NotNumberUseDot, "must be a number (use a dot for decimals)")]
    [InlineData("guidance_scale", "lots", FieldProblemKind.NotNumber, "must be a number")]
    [InlineData("enable_safety_checker", "yes", FieldProblemKind.NotBoolean, "must be true or false")]
    [InlineData("aspect_ratio", "21:9", FieldProblemKind.NotInList, "'21:9' is not one of 16:9, 9:16")]
    [InlineData("prompt", " ", FieldProblemKind.Required, "is required")]
    public void TryRead_GivesACode_AndTheSameEnglishAsTryParse(string field, string raw, FieldProblemKind kind, string message)
    {
        var model = Wan.Field(field)!;

        Assert.False(model.TryRead(raw, out _, out var problem));
        Assert.Equal(kind, problem!.Kind);
        Assert.Equal(message, problem.Message);
        Assert.False(model.TryParse(raw, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void OutOfRange_CarriesTheRange()
    {
        var problem = Wan.Field("num_inference_steps")!.Diagnose(JsonValue.Create(99));
        Assert.Equal(FieldProblemKind.OutOfRange, problem!.Kind);
        Assert.Equal([2.0, 50.0], problem.Arguments);
    }

    [Fact]
    public void Diagnose_NotText_ForAStringField()
    {
        var problem = Wan.Field("negative_prompt")!.Diagnose(JsonValue.Create(3));
        Assert.Equal(FieldProblemKind.NotText, problem!.Kind);
        Assert.Equal("must be text", Wan.Field("negative_prompt")!.Check(JsonValue.Create(3)));
    }
}
