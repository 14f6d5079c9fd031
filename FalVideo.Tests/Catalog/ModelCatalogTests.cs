using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Catalog;

public sealed class ModelCatalogTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.Default;

    [Fact]
    public void Catalog_HasTheSixEndpointsOfTheProtocolNotes()
    {
        Assert.Equal(
            [FalModels.Wan21T2V13B, FalModels.Wan22A14BT2V, FalModels.LtxVideo, FalModels.Kling21Master, FalModels.Veo3, FalModels.MiniMaxVideo01],
            Catalog.Models.Select(m => m.Id));
        Assert.All(Catalog.Models, m => Assert.True(m.Field("prompt")!.Required));
        Assert.All(Catalog.Models, m => Assert.Contains("video", m.Output.Fields));
    }

    [Fact]
    public void Wan13B_FieldsMatchFal()
    {
        var wan = Catalog.Get(FalModels.Wan21T2V13B);
        Assert.Equal("prompt, negative_prompt, seed, aspect_ratio, num_inference_steps, guidance_scale, shift, sampler, enable_safety_checker, enable_prompt_expansion",
            wan.FieldList);
        Assert.Equal(30, wan.Field("num_inference_steps")!.Default!.GetValue<long>());
        Assert.Equal(["unipc", "dpm++"], wan.Field("sampler")!.EnumValues);
        Assert.True(wan.Output.HasSeed);
        Assert.False(Catalog.Get(FalModels.Kling21Master).Output.HasSeed);
    }

    [Theory]
    [InlineData("num_frames")]
    [InlineData("style")]
    [InlineData("duration")]
    public void Validate_Wan13B_RefusesTheReadmesInventedFields_NamingTheRealOnes(string field)
    {
        var errors = Catalog.Validate(FalModels.Wan21T2V13B, new JsonObject { ["prompt"] = "a cat", [field] = "5" });

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal("does not exist on fal-ai/wan/v2.1/1.3b/text-to-video (the original README invented it); its fields are " +
                     "prompt, negative_prompt, seed, aspect_ratio, num_inference_steps, guidance_scale, shift, sampler, enable_safety_checker, enable_prompt_expansion",
            error.Message);
    }

    [Fact]
    public void Validate_UnknownFieldOnAnotherModel_NamesItsFields()
    {
        var error = Assert.Single(Catalog.Validate(FalModels.Kling21Master, new JsonObject { ["prompt"] = "a cat", ["seed"] = 4 }));
        Assert.Equal("seed: is not a field of Kling 2.1 Master (fal-ai/kling-video/v2.1/master/text-to-video); its fields are prompt, duration, aspect_ratio, negative_prompt, cfg_scale",
            error.ToString());
    }

    [Fact]
    public void Validate_UnknownModel_IsOneErrorOnModel()
    {
        var error = Assert.Single(Catalog.Validate("fal-ai/sora", new JsonObject { ["prompt"] = "a cat" }));
        Assert.Equal("model", error.Field);
        Assert.StartsWith("'fal-ai/sora' is not a supported model; use one of fal-ai/wan/v2.1/1.3b/text-to-video, ", error.Message);
    }

    [Fact]
    public void Validate_ReportsEveryBadFieldWithExactMessages()
    {
        var errors = Catalog.Validate(FalModels.Wan21T2V13B, new JsonObject
        {
            ["prompt"] = "a cat",
            ["num_inference_steps"] = 51,
            ["seed"] = 12.5,
            ["aspect_ratio"] = "21:9",
        }).Select(e => e.ToString()).ToList();

        Assert.Equal(["seed: must be a whole number", "aspect_ratio: '21:9' is not one of 16:9, 9:16", "num_inference_steps: must be between 2 and 50"], errors);
    }

    [Fact]
    public void Validate_MissingPrompt_IsRequired()
    {
        var error = Assert.Single(Catalog.Validate(FalModels.Veo3, []));
        Assert.Equal("prompt: is required", error.ToString());
        Assert.Empty(Catalog.Validate(FalModels.Veo3, [], includePrompt: false));
    }

    [Fact]
    public void Validate_NullMeansNotGiven()
    {
        Assert.Empty(Catalog.Validate(FalModels.Wan21T2V13B, new JsonObject { ["prompt"] = "a cat", ["seed"] = null }));
    }

    [Fact]
    public void Validate_VbenchSampleRows_AllParseAndPassForWan13B()
    {
        var wan = Catalog.Get(FalModels.Wan21T2V13B);
        var lines = File.ReadAllLines(TestFiles.Path("vbench_sample50.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(["prompt", "negative_prompt", "seed", "aspect_ratio", "num_inference_steps"], header);
        var checkedRows = 0;
        foreach (var line in lines.Skip(1).Where(l => !l.Contains('"')))
        {
            var cells = line.Split(',');
            var input = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                Assert.True(wan.Field(header[i])!.TryParse(cells[i], out var value, out var error), $"{header[i]}='{cells[i]}': {error}");
                if (value is not null) input[header[i]] = value;
            }
            Assert.Empty(wan.Validate(input));
            checkedRows++;
        }
        Assert.True(checkedRows >= 10, $"only {checkedRows} unquoted rows were checked");
    }

    [Theory]
    [InlineData(FalModels.Wan21T2V13B, "{}", "0.20")]
    [InlineData(FalModels.Wan22A14BT2V, "{}", "0.405")]
    [InlineData(FalModels.Wan22A14BT2V, "{\"resolution\":\"480p\",\"num_frames\":161}", "0.4025")]
    [InlineData(FalModels.Kling21Master, "{}", "1.40")]
    [InlineData(FalModels.Kling21Master, "{\"duration\":\"10\"}", "2.80")]
    [InlineData(FalModels.Veo3, "{}", "3.20")]
    [InlineData(FalModels.Veo3, "{\"duration\":\"4s\",\"generate_audio\":false}", "0.80")]
    public void EstimateCost_FollowsThePriceRule(string modelId, string input, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Catalog.Get(modelId).EstimateCost(JsonNode.Parse(input)!.AsObject()));
    }

    [Theory]
    [InlineData(FalModels.LtxVideo)]
    [InlineData(FalModels.MiniMaxVideo01)]
    public void EstimateCost_UnconfirmedPrice_IsUnknownNotGuessed(string modelId)
    {
        var model = Catalog.Get(modelId);
        Assert.Null(model.EstimateCost([]));
        Assert.False(model.Price.Confirmed);
    }

    [Fact]
    public void PriceRules_UnconfirmedOnesAreLabelledEstimate()
    {
        Assert.Equal("$0.20 per video (estimate)", Catalog.Get(FalModels.Wan21T2V13B).Price.ToString());
        Assert.Equal("$1.40 per 5 s + $0.28 per extra second", Catalog.Get(FalModels.Kling21Master).Price.ToString());
    }

    [Fact]
    public void WithCostDefaults_AddsOnlyThePriceFields()
    {
        var stored = Catalog.Get(FalModels.Wan22A14BT2V).WithCostDefaults(new JsonObject { ["seed"] = 7, ["shift"] = null });
        Assert.Equal("{\"seed\":7,\"resolution\":\"720p\",\"num_frames\":81}", stored.ToJsonString());
    }

    [Fact]
    public void FieldErrorsCarryTheOffendingValue()
    {
        var error = Assert.Single(Catalog.Validate(FalModels.Wan21T2V13B, new JsonObject { ["prompt"] = "x", ["aspect_ratio"] = "21:9" }));
        Assert.Equal(new FieldError("aspect_ratio", "'21:9' is not one of 16:9, 9:16", "21:9"), error);
    }
}
