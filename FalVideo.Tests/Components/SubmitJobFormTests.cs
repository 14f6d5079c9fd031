using AngleSharp.Dom;
using Bunit;
using FalVideo.Blazor.Components.Generate;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using MudBlazor;

namespace FalVideo.Tests.Components;

public sealed class SubmitJobFormTests : UiTestContext
{
    private static ModelDefinition Wan => ModelCatalog.Default.Get(FalModels.Wan21T2V13B);

    [Fact]
    public void Form_HasOneInputPerCatalogField_AndFollowsTheModelPicker()
    {
        var form = RenderWithProviders<SubmitJobForm>();

        AssertFieldsMatch(form, Wan);

        var kling = ModelCatalog.Default.Get(FalModels.Kling21Master);
        form.InvokeAsync(() => form.FindComponents<MudSelect<string>>().First(s => s.Instance.Class?.Contains("model-picker") == true)
            .Instance.ValueChanged.InvokeAsync(kling.Id));

        AssertFieldsMatch(form, kling);
        // An enum field becomes a select with the catalog's values; its default is shown, not forced.
        Assert.Contains("default: 5", form.Find("[data-field='duration']").TextContent);
    }

    [Fact]
    public async Task NotAWholeNumber_IsRefusedWithAReadableMessage_AndNothingIsSubmitted()
    {
        var form = RenderWithProviders<SubmitJobForm>();
        TypePrompt(form, "a lantern festival at night");

        Input(form, "num_inference_steps", "12.5");
        Assert.Contains("Enter a whole number", FieldText(form, "num_inference_steps"));

        Input(form, "num_inference_steps", "99");
        Assert.Contains("Must be between 2 and 50.", FieldText(form, "num_inference_steps"));

        await form.Find("button.submit-job").ClickAsync(new());
        Assert.Contains("Fix the marked fields first.", form.Find(".form-error").TextContent);
        Assert.Equal(0, (await Store.QueryAsync(new JobQuery(), Ct)).Total);
    }

    [Fact]
    public async Task EmptyPrompt_IsRefused()
    {
        var form = RenderWithProviders<SubmitJobForm>();

        await form.Find("button.submit-job").ClickAsync(new());

        Assert.Contains("Describe the video you want.", form.Find(".prompt-box").TextContent);
    }

    [Fact]
    public async Task ValidForm_CreatesAJobWithTypedParameters_AndTheCatalogEstimate()
    {
        var form = RenderWithProviders<SubmitJobForm>();
        TypePrompt(form, "a paper boat drifting down a rainy street");
        Input(form, "num_inference_steps", "20");
        Input(form, "guidance_scale", "4.5");
        await form.InvokeAsync(() => FieldSelect(form, "aspect_ratio").Instance.ValueChanged.InvokeAsync("9:16"));

        Assert.Equal("0.20", form.Find(".cost-estimate").GetAttribute("data-cost"));
        Assert.Contains("41 / 5,000 characters", form.Find(".prompt-count").TextContent);
        await form.Find("button.submit-job").ClickAsync(new());

        var job = Assert.Single((await Store.QueryAsync(new JobQuery(), Ct)).Items);
        Assert.Equal("a paper boat drifting down a rainy street", job.Prompt);
        Assert.Equal(FalModels.Wan21T2V13B, job.Model);
        Assert.Equal(20, job.Parameters["num_inference_steps"]!.GetValue<long>());
        Assert.Equal(4.5, job.Parameters["guidance_scale"]!.GetValue<double>());
        Assert.Equal("9:16", job.Parameters["aspect_ratio"]!.GetValue<string>());
        Assert.Equal(0.20m, job.EstimatedCost);
    }

    [Fact]
    public async Task DoubleClick_CreatesOneJob_ASecondClickLaterCreatesAnother()
    {
        var form = RenderWithProviders<SubmitJobForm>();
        TypePrompt(form, "one click, one bill");

        await form.Find("button.submit-job").ClickAsync(new());
        await form.Find("button.submit-job").ClickAsync(new()); // the double-click's second click
        Assert.Equal(1, (await Store.QueryAsync(new JobQuery(), Ct)).Total);

        Time.Advance(SubmitJobForm.DoubleClickWindow);
        await form.Find("button.submit-job").ClickAsync(new()); // a deliberate second video of the same prompt
        Assert.Equal(2, (await Store.QueryAsync(new JobQuery(), Ct)).Total);
    }

    [Fact]
    public async Task CostEstimate_FollowsThePriceFields()
    {
        var form = RenderWithProviders<SubmitJobForm>();
        await form.InvokeAsync(() => form.FindComponents<MudSelect<string>>().First(s => s.Instance.Class?.Contains("model-picker") == true)
            .Instance.ValueChanged.InvokeAsync(FalModels.Kling21Master));
        Assert.Equal("1.40", form.Find(".cost-estimate").GetAttribute("data-cost"));

        await form.InvokeAsync(() => FieldSelect(form, "duration").Instance.ValueChanged.InvokeAsync("10"));

        Assert.Equal("2.80", form.Find(".cost-estimate").GetAttribute("data-cost"));
    }

    [Fact]
    public async Task UseTheseSettingsAgain_FillsTheFormFromAJob()
    {
        var earlier = await Store.CreateAsync(new NewJob("a glass city at dawn", FalModels.Wan21T2V13B,
            new System.Text.Json.Nodes.JsonObject { ["seed"] = 42, ["aspect_ratio"] = "9:16" }), Ct);

        var form = RenderWithProviders<SubmitJobForm>(p => p.Add(f => f.From, earlier.Id));

        Assert.Equal("a glass city at dawn", form.Find(".prompt-box textarea").GetAttribute("value") ?? form.Find(".prompt-box textarea").TextContent);
        Assert.Equal("42", form.Find("[data-field='seed'] input").GetAttribute("value"));
        Assert.Equal("9:16", form.FindComponents<ModelFieldInput>().Single(c => c.Instance.Field.Name == "aspect_ratio").Instance.Value);
    }

    [Fact]
    public async Task UseTheseSettingsAgain_FillsTheRandomSeedThatWasUsed()
    {
        var earlier = await Store.CreateAsync(new NewJob("a glass city at dusk", FalModels.Wan21T2V13B, []), Ct);
        await Store.ClaimNextPendingAsync(null, FalVideo.Core.Generation.GeneratorRegistry.Offline, Ct);
        await Store.TransitionAsync(earlier.Id, JobStatus.Running, j => j.Seed = 918273, Ct);

        var form = RenderWithProviders<SubmitJobForm>(p => p.Add(f => f.From, earlier.Id));

        Assert.Equal("918273", form.Find("[data-field='seed'] input").GetAttribute("value"));
    }

    [Fact]
    public void Japanese_ShowsJapaneseLabelsAndMessages()
    {
        UseCulture("ja");
        var form = RenderWithProviders<SubmitJobForm>();

        Input(form, "num_inference_steps", "abc");

        Assert.Contains("推論ステップ数", FieldText(form, "num_inference_steps"));
        Assert.Contains("整数を入力してください", FieldText(form, "num_inference_steps"));
        Assert.Contains("生成", form.Find("button.submit-job").TextContent);
    }

    [Fact]
    public void Japanese_ModelNotes_AreTranslated()
    {
        UseCulture("ja");
        var form = RenderWithProviders<SubmitJobForm>();

        var notes = form.Find(".model-notes").TextContent;
        Assert.Contains("第三者の一覧", notes);
        Assert.Contains("廃止予定の可能性", notes);
        Assert.DoesNotContain("third-party", notes);
        Assert.DoesNotContain("fal-js dropped", notes);
    }

    [Theory]
    [InlineData("num_inference_steps", "99", "2 以上 50 以下にしてください。")]
    [InlineData("guidance_scale", "5,5", "小数点")]
    public void Japanese_CatalogRefusals_AreLocalized(string field, string raw, string expected)
    {
        UseCulture("ja");
        var form = RenderWithProviders<SubmitJobForm>();

        Input(form, field, raw);

        var text = FieldText(form, field);
        Assert.Contains(expected, text);
        Assert.DoesNotContain("must be", text);
        Assert.DoesNotContain("Must be", text);
    }

    [Fact]
    public void RangeAssumedHint_OnlyOnNumericFieldsWithAnAssumedRange()
    {
        // Wan 2.2: enable_safety_checker (boolean, no documented default) and LTX negative_prompt are "unconfirmed" too, but have no range.
        var form = RenderWithProviders<SubmitJobForm>();
        form.InvokeAsync(() => form.FindComponents<MudSelect<string>>().First(s => s.Instance.Class?.Contains("model-picker") == true)
            .Instance.ValueChanged.InvokeAsync(FalModels.Wan22A14BT2V));

        Assert.Contains("range assumed", FieldText(form, "num_inference_steps"));
        Assert.DoesNotContain("range assumed", FieldText(form, "enable_safety_checker"));
        Assert.DoesNotContain("range assumed", FieldText(form, "negative_prompt"));
        Assert.DoesNotContain("range assumed", FieldText(form, "num_frames")); // a published range
    }

    private static void AssertFieldsMatch(IRenderedComponent<SubmitJobForm> form, ModelDefinition model)
    {
        var rendered = form.FindAll(".model-field").Select(e => e.GetAttribute("data-field")).ToList();
        Assert.Equal(model.Fields.Where(f => f.Name != "prompt").Select(f => f.Name), rendered);
    }

    private static void TypePrompt(IRenderedComponent<SubmitJobForm> form, string text) => form.Find(".prompt-box textarea").Input(text);

    private static void Input(IRenderedComponent<SubmitJobForm> form, string field, string text) =>
        form.Find($"[data-field='{field}'] input").Input(text);

    private static string FieldText(IRenderedComponent<SubmitJobForm> form, string field) => form.Find($"[data-field='{field}']").TextContent;

    private static IRenderedComponent<MudSelect<string>> FieldSelect(IRenderedComponent<SubmitJobForm> form, string field) =>
        form.FindComponents<ModelFieldInput>().Single(c => c.Instance.Field.Name == field).FindComponent<MudSelect<string>>();
}
