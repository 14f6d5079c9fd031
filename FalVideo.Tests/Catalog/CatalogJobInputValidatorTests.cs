using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Catalog;

public sealed class CatalogJobInputValidatorTests
{
    private readonly CatalogJobInputValidator _validator = new(ModelCatalog.Default);

    [Fact]
    public void Check_ValidInput_KeepsUserFieldsAndAddsCostDefaults()
    {
        var check = _validator.Check(FalModels.Veo3, "a cat", new JsonObject { ["seed"] = 3 });

        Assert.Empty(check.Errors);
        Assert.Equal("{\"seed\":3,\"generate_audio\":true,\"duration\":\"8s\"}", check.Parameters.ToJsonString());
        Assert.Equal(3.20m, check.EstimatedCost);
    }

    [Fact]
    public void Check_Wan13B_StoresOnlyWhatTheUserGave()
    {
        var check = _validator.Check(FalModels.Wan21T2V13B, "a cat", new JsonObject { ["num_inference_steps"] = 40 });

        Assert.Empty(check.Errors);
        Assert.Equal("{\"num_inference_steps\":40}", check.Parameters.ToJsonString());
        Assert.Equal(0.20m, check.EstimatedCost);
    }

    [Fact]
    public void Check_UnknownModel_Refused()
    {
        var check = _validator.Check("acme/video", "a cat", []);
        Assert.Equal("model", Assert.Single(check.Errors).Field);
        Assert.Null(check.EstimatedCost);
    }

    [Fact]
    public async Task PostJob_WithReadmeFields_Is400NamingTheRealFields()
    {
        await using var app = new FalVideoAppFactory();
        Assert.Contains(app.Services.GetServices<IJobInputValidator>(), v => v is CatalogJobInputValidator);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/jobs", new
        {
            prompt = "a cat",
            parameters = new { num_frames = 81, num_inference_steps = 60 },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var errors = problem["errors"]!.AsObject();
        Assert.StartsWith("does not exist on fal-ai/wan/v2.1/1.3b/text-to-video", errors["num_frames"]![0]!.GetValue<string>());
        Assert.Equal("must be between 2 and 50", errors["num_inference_steps"]![0]!.GetValue<string>());
    }
}
