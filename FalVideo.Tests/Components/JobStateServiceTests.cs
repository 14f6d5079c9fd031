using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Components;

public sealed class JobStateServiceTests : UiTestContext
{
    [Fact]
    public async Task Start_RebuildsActiveJobsAndCountersFromTheStore()
    {
        var running = await CreateRunningAsync("a paper boat on a river", progress: 0.4);
        await Store.CreateAsync(new NewJob("waiting", "fal-ai/wan/v2.1/1.3b/text-to-video"), Ct);

        await State.StartAsync();

        var snapshot = State.Snapshot;
        Assert.Equal(running.Id, Assert.Single(snapshot.InFlight).Id);
        Assert.Equal(0.4, snapshot.InFlight[0].Progress);
        Assert.Equal("waiting", Assert.Single(snapshot.PendingHead).Prompt);
        Assert.Equal(1, snapshot.Counters.Running);
        Assert.Equal(1, snapshot.Counters.Queued);
    }

    [Fact]
    public async Task ProgressBurst_IsCoalescedIntoOneSnapshotPerRenderInterval()
    {
        var job = await CreateRunningAsync("a bonfire on a beach", progress: 0.0);
        await State.StartAsync();
        var changes = 0;
        State.Changed += () => Interlocked.Increment(ref changes);

        // The first update after a quiet spell is shown at once…
        await Store.UpdateAsync(job.Id, j => j.Progress = 0.1, Ct);
        var first = await WaitForSnapshotAsync(s => s.InFlight.Single().Progress == 0.1);

        // …the rest of a burst waits for the render interval, however many arrive (the fake clock has not moved).
        for (var i = 2; i <= 9; i++)
        {
            var progress = i / 10.0;
            await Store.UpdateAsync(job.Id, j => j.Progress = progress, Ct);
        }
        Time.Advance(JobStateService.RenderInterval);
        var next = await WaitForSnapshotAsync(s => s.Version > first.Version);

        Assert.Equal(0.9, next.InFlight.Single().Progress);
        Assert.Equal(first.Version + 1, next.Version);
        Assert.Equal(2, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task SteadyStream_RendersAboutFourTimesASecond()
    {
        var job = await CreateRunningAsync("rain on a window", progress: 0.0);
        await State.StartAsync();
        var changes = 0;
        State.Changed += () => Interlocked.Increment(ref changes);

        // Two seconds of progress at 20 updates a second (one every 50 ms of fake time).
        for (var i = 1; i <= 40; i++)
        {
            var progress = i / 40.0;
            await Store.UpdateAsync(job.Id, j => j.Progress = progress, Ct);
            Time.Advance(TimeSpan.FromMilliseconds(50));
        }
        Time.Advance(JobStateService.RenderInterval);
        await WaitForSnapshotAsync(s => s.InFlight.Single().Progress == 1.0);

        // 2 s / 250 ms = 8 intervals, plus the immediate first render and the final one; never one per update.
        var renders = Volatile.Read(ref changes);
        Assert.InRange(renders, 2, 10);
    }

    [Fact]
    public async Task JobEnding_ReloadsCountersAndRaisesJobEnded()
    {
        var job = await CreateRunningAsync("a kite over hills", progress: 0.5);
        await State.StartAsync();
        var ended = new TaskCompletionSource<JobEndedNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        State.JobEnded += notice => ended.TrySetResult(notice);

        await Store.TransitionAsync(job.Id, JobStatus.Downloading, cancellationToken: Ct);
        await WaitForSnapshotAsync(s => s.InFlight.Single().Status == JobStatus.Downloading);
        await Store.TransitionAsync(job.Id, JobStatus.Completed, j => j.Progress = 1, Ct);
        Time.Advance(JobStateService.RenderInterval);

        var notice = await ended.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(job.Id, notice.Job.Id);
        Assert.Equal(JobStatus.Completed, notice.Job.Status);
        var snapshot = await WaitForSnapshotAsync(s => s.InFlight.Count == 0);
        Assert.Equal(1, snapshot.Counters.CompletedToday);
        Assert.Equal(0, snapshot.Counters.Running);
        Assert.Equal(job.Id, Assert.Single(snapshot.Recent).Id);
    }

    [Fact]
    public async Task NewJob_AppearsInTheActiveListWithoutWaitingForTheClock()
    {
        await State.StartAsync();

        var job = await State.SubmitAsync("a red fox in snow", null, null, Ct);

        var snapshot = await WaitForSnapshotAsync(s => s.PendingHead.Any(j => j.Id == job.Id));
        Assert.Equal(1, snapshot.Counters.Queued);
    }

    [Fact]
    public async Task PinnedJob_FollowsUpdatesAndDisappearsWhenDeleted()
    {
        var job = await CreateRunningAsync("a lighthouse", progress: 0.2);
        var pinned = await State.PinAsync(job.Id, Ct);
        Assert.Equal(0.2, pinned!.Progress);

        await Store.TransitionAsync(job.Id, JobStatus.Failed, j => j.ErrorType = ErrorTypes.Provider, Ct);
        await WaitForSnapshotAsync(s => s.Pinned.TryGetValue(job.Id, out var j) && j.Status == JobStatus.Failed);

        await State.DeleteAsync(job.Id, Ct);
        Time.Advance(JobStateService.RenderInterval);
        await WaitForSnapshotAsync(s => !s.Pinned.ContainsKey(job.Id));
    }

    [Fact]
    public async Task RunnerPause_IsPublishedEvenWithoutJobUpdates()
    {
        await State.StartAsync();

        Runner.PauseForProvider(new JobError(ErrorTypes.KeyRejected, "fal said 401"));

        var snapshot = await WaitForSnapshotAsync(s => s.Runner.ProviderPause is not null);
        Assert.Equal(ErrorTypes.KeyRejected, snapshot.Runner.ProviderPause!.Type);
        Assert.False(snapshot.Runner.IsDispatching);
    }

    [Fact]
    public async Task Dispose_UnsubscribesFromTheHub()
    {
        var hub = Services.GetRequiredService<JobUpdateHub>();
        var before = hub.SubscriberCount;
        await State.StartAsync();
        Assert.Equal(before + 1, hub.SubscriberCount);

        await State.DisposeAsync();

        Assert.Equal(before, hub.SubscriberCount);
    }

    private async Task<JobView> CreateRunningAsync(string prompt, double progress)
    {
        var job = await Store.CreateAsync(new NewJob(prompt, "fal-ai/wan/v2.1/1.3b/text-to-video"), Ct);
        await Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        return await Store.TransitionAsync(job.Id, JobStatus.Running, j => j.Progress = progress, Ct);
    }
}
