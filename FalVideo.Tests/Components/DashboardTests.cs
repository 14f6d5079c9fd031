using Bunit;
using FalVideo.Blazor.Components.Pages;
using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;

namespace FalVideo.Tests.Components;

public sealed class DashboardTests : UiTestContext
{
    [Fact]
    public async Task LiveList_ShowsANewJobThenItsProgress_ThroughTheStateService()
    {
        var page = RenderWithProviders<Home>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".no-active-jobs")));

        var job = await Store.CreateAsync(new NewJob("a heron at dawn", "fal-ai/wan/v2.1/1.3b/text-to-video"), Ct);
        page.WaitForAssertion(() => Assert.Equal("pending", page.Find($".active-job[data-job-id='{job.Id}']").GetAttribute("data-status")));
        Assert.Equal("1", page.Find("[data-counter='queued'] .counter-value").TextContent.Trim());

        // Submitted and running without a known fraction: an indeterminate bar.
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        await Store.TransitionAsync(job.Id, JobStatus.Running, cancellationToken: Ct);
        Time.Advance(JobStateService.RenderInterval);
        page.WaitForAssertion(() => Assert.Equal("indeterminate", page.Find($".active-job[data-job-id='{job.Id}'] .job-progress").GetAttribute("data-mode")));

        // A burst of frame progress renders as one coalesced step to the newest value.
        for (var frame = 1; frame <= 60; frame++)
        {
            var progress = frame / 81.0;
            await Store.UpdateAsync(job.Id, j => { j.Progress = progress; j.LogLinesJson = JobViewMapper.WriteLogs([$"frame {frame}/81"]); }, Ct);
        }
        Time.Advance(JobStateService.RenderInterval);
        page.WaitForAssertion(() =>
        {
            var row = page.Find($".active-job[data-job-id='{job.Id}']");
            Assert.Equal("74", row.QuerySelector(".job-progress")!.GetAttribute("data-progress"));
            Assert.Equal("frame 60/81", row.QuerySelector(".latest-log")!.TextContent.Trim());
            Assert.Contains("left", row.QuerySelector(".job-eta")?.TextContent ?? "");
        });
        Assert.Equal("1", page.Find("[data-counter='running'] .counter-value").TextContent.Trim());
    }

    [Fact]
    public async Task FinishedJob_LeavesTheActiveListForRecentResults()
    {
        var job = await Store.CreateAsync(new NewJob("a heron at dawn", "fal-ai/wan/v2.1/1.3b/text-to-video"), Ct);
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        await Store.TransitionAsync(job.Id, JobStatus.Running, j => j.Progress = 0.5, Ct);
        var page = RenderWithProviders<Home>();
        page.WaitForAssertion(() => page.Find($".active-job[data-job-id='{job.Id}']"));

        await Store.TransitionAsync(job.Id, JobStatus.Downloading, cancellationToken: Ct);
        await WaitForSnapshotAsync(s => s.InFlight.Any(j => j.Status == JobStatus.Downloading));
        await Store.TransitionAsync(job.Id, JobStatus.Completed, j => { j.Progress = 1; j.VideoPath = "x.mp4"; j.DurationSeconds = 5.06; j.Width = 832; j.Height = 480; }, Ct);
        Time.Advance(JobStateService.RenderInterval);

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll(".active-job"));
            Assert.NotNull(page.Find($".recent-results .job-thumbnail[data-job-id='{job.Id}']"));
            Assert.Equal("1", page.Find("[data-counter='completed-today'] .counter-value").TextContent.Trim());
        });
    }

    [Fact]
    public async Task CancelButton_CancelsAPendingJob()
    {
        var job = await Store.CreateAsync(new NewJob("a heron at dawn", "fal-ai/wan/v2.1/1.3b/text-to-video"), Ct);
        var page = RenderWithProviders<Home>();
        page.WaitForAssertion(() => page.Find($".active-job[data-job-id='{job.Id}']"));

        await page.Find($".active-job[data-job-id='{job.Id}'] button.cancel-job").ClickAsync(new());

        Assert.Equal(JobStatus.Canceled, (await Store.GetAsync(job.Id, Ct))!.Status);
        Time.Advance(JobStateService.RenderInterval);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".active-job")));
    }
}
