using FalVideo.Blazor.State;
using FalVideo.Core.Generation;
using FalVideo.Core.Catalog;
using Bunit;
using FalVideo.Blazor.Components.Layout;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;

namespace FalVideo.Tests.Components;

public sealed class LayoutTests : UiTestContext
{
    [Fact]
    public void AppBar_NamesTheOfflineRendererAsNotAi_AndMarksTheCircuitInteractive()
    {
        var layout = RenderLayout();

        Assert.Contains("Offline renderer — not AI", layout.Find("#provider-label").TextContent);
        Assert.Equal("true", layout.Find("#interactive").GetAttribute("data-interactive"));
        Assert.Empty(layout.FindAll(".pause-banner"));
    }

    [Fact]
    public async Task RejectedKey_ShowsWhyAndWhatToDo_AndResumeClearsIt()
    {
        var layout = RenderLayout();

        Runner.PauseForProvider(new JobError(ErrorTypes.KeyRejected, "fal answered 401: invalid key"));

        layout.WaitForAssertion(() =>
        {
            var banner = layout.Find(".pause-banner");
            Assert.Equal(ErrorTypes.KeyRejected, banner.GetAttribute("data-reason"));
            Assert.Contains("fal rejected the API key", banner.TextContent);
            // Our own English reason adds nothing to the localized explanation, so it is not repeated.
            Assert.DoesNotContain("fal answered 401: invalid key", banner.TextContent);
            Assert.Contains("Fix the key, restart the app, then resume.", banner.TextContent);
        });

        // Awaited: the renderer may be busy with a live update, and then the handler runs after Click() returns.
        await layout.Find(".pause-banner button.resume-dispatch").ClickAsync(new());

        Assert.True(Runner.IsDispatching);
        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll(".pause-banner")));
    }

    [Fact]
    public void CircuitOpen_SaysWhenSendingResumesByItself()
    {
        var layout = RenderLayout();

        Runner.PauseForProvider(new JobError(ErrorTypes.Provider, "fal is failing (5 errors in 30 s)"), Time.GetUtcNow().AddSeconds(30));

        layout.WaitForAssertion(() => Assert.Contains("Sending resumes by itself at", layout.Find(".pause-banner").TextContent));
    }

    [Fact]
    public void UserPause_IsExplainedInJapanese()
    {
        UseCulture("ja");
        var layout = RenderLayout();

        Runner.PauseByUser();

        layout.WaitForAssertion(() => Assert.Contains("送信は一時停止中です", layout.Find(".pause-banner[data-reason='user']").TextContent));
        Assert.Contains("オフラインレンダラー", layout.Find("#provider-label").TextContent);
        Assert.Contains("ダッシュボード", layout.Find("#nav-dashboard").TextContent);
    }

    [Fact]
    public async Task FinishedJobs_AreAnnounced_ButABatchsRowsAreNotEachAToast()
    {
        var layout = RenderLayout();
        var single = await Store.CreateAsync(new NewJob("a single heron", FalModels.Wan21T2V13B), Ct);
        var row = await Store.CreateAsync(new NewJob("batch row heron", FalModels.Wan21T2V13B, BatchId: Guid.NewGuid(), RowNumber: 1), Ct);
        foreach (var job in new[] { single, row })
        {
            await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
            await Store.TransitionAsync(job.Id, JobStatus.Running, cancellationToken: Ct);
            await Store.TransitionAsync(job.Id, JobStatus.Completed, j => { j.VideoPath = "x.mp4"; j.Progress = 1; }, Ct);
        }
        Time.Advance(JobStateService.RenderInterval);

        layout.WaitForAssertion(() => Assert.Contains("a single heron", layout.Markup));
        Assert.DoesNotContain("batch row heron", layout.Markup);
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
}
