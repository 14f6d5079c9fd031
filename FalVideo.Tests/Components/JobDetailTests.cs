using Bunit;
using FalVideo.Blazor.Components.Pages;
using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;

namespace FalVideo.Tests.Components;

public sealed class JobDetailTests : UiTestContext
{
    [Fact]
    public async Task Pending_OffersCancelAndSaysTheVideoComesLater()
    {
        var job = await CreateAsync();

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => Assert.Equal("pending", page.Find(".job-detail").GetAttribute("data-status")));
        Assert.NotNull(page.Find("button.cancel-job"));
        Assert.Empty(page.FindAll("button.retry-job"));
        Assert.Empty(page.FindAll("video"));
        Assert.Contains("The video appears here when it is ready.", page.Find(".no-video").TextContent);
    }

    [Fact]
    public async Task Running_ShowsDeterminateProgressRequestIdAndLogs_Live()
    {
        var job = await CreateAsync();
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        await Store.TransitionAsync(job.Id, JobStatus.Queued, j => { j.RequestId = "req-123"; j.QueuePosition = 2; }, Ct);
        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));
        page.WaitForAssertion(() => Assert.Contains("Queue position 3", page.Find(".queue-position").TextContent));
        Assert.Equal("req-123", page.Find("[data-fact='request-id'] .fact-value").TextContent.Trim());

        await Store.TransitionAsync(job.Id, JobStatus.Running, j =>
        {
            j.Progress = 0.25;
            j.LogLinesJson = JobViewMapper.WriteLogs(["step 5/20", "step 6/20"]);
        }, Ct);
        Time.Advance(JobStateService.RenderInterval);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("running", page.Find(".job-detail").GetAttribute("data-status"));
            Assert.Equal("25", page.Find(".job-progress").GetAttribute("data-progress"));
            Assert.Contains("step 5/20\nstep 6/20", page.Find(".job-logs pre").TextContent);
        });
    }

    [Fact]
    public async Task Failed_ExplainsTheErrorWithFieldDetails_AndOffersRetry()
    {
        var job = await CreateAsync();
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        await Store.TransitionAsync(job.Id, JobStatus.Failed, j =>
        {
            j.RequestId = "req-9";
            j.ErrorType = ErrorTypes.Validation;
            j.ErrorMessage = "fal refused the input (422).";
            j.ErrorFieldsJson = JobViewMapper.WriteFields([new FieldError("num_inference_steps", "must be ≤ 50", "60")]);
        }, Ct);

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => Assert.Equal("failed", page.Find(".job-detail").GetAttribute("data-status")));
        var error = page.Find(".job-error");
        Assert.Equal(ErrorTypes.Validation, error.GetAttribute("data-error-type"));
        Assert.Contains("The input was refused", error.QuerySelector(".error-explanation")!.TextContent);
        Assert.Contains("fal refused the input (422).", error.QuerySelector(".error-message")!.TextContent);
        var field = error.QuerySelector("tr[data-field='num_inference_steps']")!;
        Assert.Contains("must be ≤ 50", field.TextContent);
        Assert.Contains("60", field.TextContent);

        await page.Find("button.retry-job").ClickAsync(new());

        var retried = (await Store.GetAsync(job.Id, Ct))!;
        Assert.Equal(JobStatus.Pending, retried.Status);
        Assert.Equal(2, retried.Attempts);
        Time.Advance(JobStateService.RenderInterval);
        page.WaitForAssertion(() => Assert.Contains("req-9", page.Find(".job-attempts").TextContent));
    }

    [Fact]
    public async Task Completed_ShowsThePlayerFromOurEndpointWithPosterAndDownload()
    {
        var job = await CreateAsync();
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        var done = await Store.TransitionAsync(job.Id, JobStatus.Completed, j =>
        {
            j.VideoPath = Path.Combine(DataDirectory, "videos", $"{j.Id}.mp4");
            j.PosterPath = Path.Combine(DataDirectory, "videos", $"{j.Id}.jpg");
            j.Width = 832;
            j.Height = 480;
            j.DurationSeconds = 5.0625;
            j.Codec = "h264";
        }, Ct);

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => page.Find("video"));
        var video = page.Find("video");
        Assert.Equal($"api/jobs/{job.Id}/video?v={done.CompletedAt!.Value.ToUnixTimeMilliseconds()}", video.GetAttribute("src"));
        Assert.Equal($"api/jobs/{job.Id}/poster", video.GetAttribute("poster"));
        Assert.True(video.HasAttribute("controls"));
        var download = page.Find("a.download-video");
        Assert.Equal($"api/jobs/{job.Id}/video?download=1", download.GetAttribute("href"));
        Assert.True(download.HasAttribute("download"));
        Assert.Contains("5.1 s", page.Find("[data-fact='duration']").TextContent);
        Assert.Empty(page.FindAll("button.cancel-job"));
        Assert.NotNull(page.Find("button.delete-job"));
    }

    [Fact]
    public void UnknownJob_SaysSo()
    {
        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Contains("does not exist", page.Find(".job-missing").TextContent));
    }

    [Fact]
    public async Task Japanese_ShowsJapaneseStatusAndErrorExplanation()
    {
        UseCulture("ja");
        var job = await CreateAsync();
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        await Store.TransitionAsync(job.Id, JobStatus.Interrupted, j =>
        {
            j.ErrorType = ErrorTypes.SubmitOutcomeUnknown;
            j.ErrorMessage = "Submit outcome unknown — may have been billed.";
        }, Ct);

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => Assert.Equal("中断", page.Find(".job-status").TextContent.Trim()));
        Assert.Contains("課金されている可能性があります", page.Find(".error-explanation").TextContent);
        // The stored message is shown as well, whatever the language.
        Assert.Contains("may have been billed", page.Find(".error-message").TextContent);
        Assert.Contains("再試行", page.Find("button.retry-job").TextContent);
    }

    [Fact]
    public async Task Japanese_CanceledAttempt_IsOneLocalizedSentence_WithoutTheEnglishReason()
    {
        UseCulture("ja");
        var job = await CreateAsync();
        await Store.TransitionAsync(job.Id, JobStatus.Canceled, j =>
        {
            j.ErrorType = ErrorTypes.Canceled;
            j.ErrorMessage = "Canceled before it was sent.";
        }, Ct);
        await Store.RetryAsync(job.Id, Ct);

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => page.Find(".job-attempts"));
        var cell = page.Find(".job-attempts .attempt-error");
        Assert.Equal("このジョブはキャンセルされました。", cell.TextContent.Trim());
        Assert.DoesNotContain("Canceled", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Japanese_ProviderMessage_IsLabelledAsTheOriginal()
    {
        UseCulture("ja");
        var job = await FailAsync(ErrorTypes.Provider, "fal answered HTTP 500: runner crashed (runner_server_error)");

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => page.Find(".job-error"));
        var message = page.Find(".job-error .error-message");
        Assert.StartsWith("詳細（原文）:", message.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("en", message.QuerySelector("span")!.GetAttribute("lang"));
        Assert.Contains("runner crashed", message.TextContent);
    }

    [Theory]
    [InlineData("en", "fal's content policy refused this request")]
    [InlineData("ja", "コンテンツポリシー")]
    public async Task ContentPolicy_IsExplainedAsARefusal_NotAsFieldsToFix(string culture, string expected)
    {
        UseCulture(culture);
        var job = await FailAsync(ErrorTypes.ContentPolicy, "fal's content policy refused the input: prompt: flagged",
            [new FieldError("prompt", "flagged")]);

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => page.Find(".job-error"));
        var explanation = page.Find(".job-error .error-explanation").TextContent;
        Assert.Contains(expected, explanation);
        Assert.DoesNotContain("Fix the fields", explanation);
    }

    [Fact]
    public async Task Validation_WithoutFields_SaysFalRefused_NotFixTheFieldsBelow()
    {
        var job = await FailAsync(ErrorTypes.Validation, "fal answered HTTP 422: Unprocessable Entity");

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => page.Find(".job-error"));
        var explanation = page.Find(".job-error .error-explanation").TextContent;
        Assert.Contains("fal refused the input without naming a field", explanation);
        Assert.DoesNotContain("Fix the fields listed below", explanation);
        Assert.Empty(page.FindAll(".job-error .error-fields"));
    }

    [Fact]
    public async Task NoRequestId_IsThePlainDashOfTheOtherEmptyFacts()
    {
        var job = await CreateAsync();

        var page = RenderWithProviders<JobDetail>(p => p.Add(d => d.Id, job.Id));

        page.WaitForAssertion(() => page.Find("[data-fact='request-id']"));
        var value = page.Find("[data-fact='request-id'] .fact-value");
        Assert.Equal("—", value.TextContent.Trim());
        Assert.Null(value.QuerySelector("code")); // a monospace dash renders like "–"
    }

    private async Task<JobView> FailAsync(string type, string message, IReadOnlyList<FieldError>? fields = null)
    {
        var job = await CreateAsync();
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        return await Store.TransitionAsync(job.Id, JobStatus.Failed, j =>
        {
            j.ErrorType = type;
            j.ErrorMessage = message;
            j.ErrorFieldsJson = JobViewMapper.WriteFields(fields);
        }, Ct);
    }

    private Task<JobView> CreateAsync() =>
        Store.CreateAsync(new NewJob("a heron at dawn", "fal-ai/wan/v2.1/1.3b/text-to-video"), Ct);
}
