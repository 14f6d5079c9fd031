using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Jobs;

public sealed class JobRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runner_NeverHasMoreThanMaxConcurrencyJobsInFlight()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "2" });
        var jobs = new List<JobView>();
        for (var i = 0; i < 6; i++) jobs.Add(await host.Commands.SubmitAsync($"prompt {i}", null, cancellationToken: Ct));

        // Finish requests one at a time, in the order they were submitted; the runner may only refill a freed slot.
        for (var i = 0; i < jobs.Count; i++)
        {
            var requestId = await generator.Submitted.ReadAsync(Ct);
            Assert.True(host.Runner.InFlightCount <= 2, $"{host.Runner.InFlightCount} jobs in flight");
            generator.Complete(requestId);
        }
        foreach (var job in jobs) await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Completed);

        Assert.Equal(2, host.Runner.PeakInFlight);
        Assert.True(generator.PeakWatching <= 2);
        Assert.Equal(6, generator.TotalSubmits);
    }

    [Fact]
    public async Task Runner_SpacesSubmitsByTheRateLimit()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?>
        {
            ["FalVideo:Jobs:MaxConcurrency"] = "4",
            ["FalVideo:Jobs:SubmitsPerMinute"] = "240", // one every 250 ms
        });
        var jobs = new List<JobView>();
        for (var i = 0; i < 5; i++) jobs.Add(await host.Commands.SubmitAsync($"prompt {i}", null, cancellationToken: Ct));
        foreach (var job in jobs) await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Completed);

        // A token bucket of one: the first submit is free, each later one waits for a refill (every 250 ms),
        // so five submits span at least three full refill periods.
        var times = generator.SubmitTimes.Order().ToList();
        Assert.Equal(5, times.Count);
        var span = times[^1] - times[0];
        Assert.True(span >= TimeSpan.FromMilliseconds(3 * 250 - 20), $"5 submits within {span.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Restart_AfterRequestIdStored_ReattachesAndCompletesWithOneSubmit()
    {
        var generator = new ScriptedGenerator();
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-restart-").FullName;
        Guid jobId;
        string requestId;
        await using (var first = await CoreHost.StartAsync(generator, dataDirectory))
        {
            jobId = (await first.Commands.SubmitAsync("a lighthouse in a storm", null, cancellationToken: Ct)).Id;
            requestId = await generator.Submitted.ReadAsync(Ct);
            await first.WaitForAsync(jobId, j => j.RequestId == requestId && j.Status == JobStatus.Running);
        } // the app stops while fal is still working on the request

        await using var second = await CoreHost.StartAsync(generator, dataDirectory);
        generator.Complete(requestId);
        var done = await second.WaitForAsync(jobId, j => j.Status == JobStatus.Completed);

        Assert.Equal(1, generator.TotalSubmits);
        Assert.Equal(requestId, done.RequestId);
        Assert.True(done.HasVideo);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "videos", $"{jobId}.mp4")));
        Assert.True(File.Exists(Path.Combine(dataDirectory, "videos", $"{jobId}.json")));
        Assert.Equal(320, done.Width);
    }

    [Fact]
    public async Task Restart_PaidJobLeftSubmittingWithoutId_BecomesInterruptedAndIsNotResubmitted()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-crash-").FullName;
        Guid jobId;
        await using (var first = await CoreHost.StartAsync(generator, dataDirectory))
        {
            first.State.PauseByUser();
            jobId = (await first.Store.CreateAsync(new NewJob("a paid job", "m"), Ct)).Id;
            // The state a crash between "submitting stored" and "request id stored" leaves behind.
            await first.Store.ClaimNextPendingAsync(null, "fal", Ct);
        }

        await using var second = await CoreHost.StartAsync(generator, dataDirectory);
        var job = await second.WaitForAsync(jobId, j => j.Status == JobStatus.Interrupted);

        Assert.Equal(ErrorTypes.SubmitOutcomeUnknown, job.Error!.Type);
        Assert.Contains("billed", job.Error.Message);
        Assert.Equal(0, generator.TotalSubmits);
    }

    [Fact]
    public async Task Restart_FreeOfflineJobLeftSubmitting_IsRenderedAgain()
    {
        var generator = new ScriptedGenerator(GeneratorRegistry.Offline) { AutoComplete = true };
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-crash-offline-").FullName;
        Guid jobId;
        await using (var first = await CoreHost.StartAsync(generator, dataDirectory))
        {
            first.State.PauseByUser();
            jobId = (await first.Store.CreateAsync(new NewJob("a free job", "m"), Ct)).Id;
            await first.Store.ClaimNextPendingAsync(null, GeneratorRegistry.Offline, Ct);
        }

        await using var second = await CoreHost.StartAsync(generator, dataDirectory);
        await second.WaitForAsync(jobId, j => j.Status == JobStatus.Completed);
        Assert.Equal(1, generator.TotalSubmits);
    }

    [Fact]
    public async Task Submit_OutcomeUnknown_LeavesJobInterruptedWithoutRetrying()
    {
        var generator = new ScriptedGenerator { NextSubmitError = new SubmitOutcomeUnknownException("The connection was reset after the request was sent.") };
        await using var host = await CoreHost.StartAsync(generator);

        var job = await host.Commands.SubmitAsync("a paid job", null, cancellationToken: Ct);
        var ended = await host.WaitForAsync(job.Id, j => j.Status.IsTerminal());

        Assert.Equal(JobStatus.Interrupted, ended.Status);
        Assert.StartsWith("Submit outcome unknown — may have been billed", ended.Error!.Message);
        Assert.Equal(0, generator.TotalSubmits);
    }

    [Fact]
    public async Task Submit_KeyRejected_PausesDispatchAndKeepsTheJobPending()
    {
        var generator = new ScriptedGenerator { AutoComplete = true, NextSubmitError = new ProviderUnavailableException(new JobError(ErrorTypes.KeyRejected, "fal key rejected")) };
        await using var host = await CoreHost.StartAsync(generator);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.State.Changed += () => { if (host.State.ProviderPause is not null) paused.TrySetResult(); };

        var job = await host.Commands.SubmitAsync("a job", null, cancellationToken: Ct);
        await paused.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var waiting = await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Pending);
        Assert.Equal("fal key rejected", host.State.ProviderPause!.Message);
        Assert.False(host.State.IsDispatching);
        Assert.Null(waiting.RequestId);

        host.State.Resume();
        await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Completed);
        Assert.Equal(1, generator.TotalSubmits);
    }

    [Fact]
    public async Task Cancel_RunningJob_AsksTheProviderAndEndsCanceled()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator);
        var job = await host.Commands.SubmitAsync("a job", null, cancellationToken: Ct);
        var requestId = await generator.Submitted.ReadAsync(Ct);
        await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Running);

        var canceled = await host.Commands.CancelAsync(job.Id, Ct);

        Assert.Equal(JobStatus.Canceled, canceled.Status);
        Assert.Contains(requestId, generator.CancelCalls);
    }

    [Fact]
    public async Task Cancel_PendingJob_NeverReachesTheProvider()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var host = await CoreHost.StartAsync(generator);
        host.State.PauseByUser();
        var job = await host.Commands.SubmitAsync("a job", null, cancellationToken: Ct);

        var canceled = await host.Commands.CancelAsync(job.Id, Ct);
        host.State.Resume();

        Assert.Equal(JobStatus.Canceled, canceled.Status);
        Assert.Equal(0, generator.TotalSubmits);
    }

    [Fact]
    public async Task Failure_FromProvider_IsStoredWithFieldDetails()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator);
        var job = await host.Commands.SubmitAsync("a job", null, cancellationToken: Ct);
        var requestId = await generator.Submitted.ReadAsync(Ct);

        generator.Fail(requestId, new JobError(ErrorTypes.Validation, "Input is invalid", [new FieldError("num_inference_steps", "must be ≤ 50", "80")]));
        var failed = await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Failed);

        Assert.Equal("num_inference_steps: must be ≤ 50", failed.Error!.Fields.Single().ToString());
    }

    [Fact]
    public async Task DailyBudget_HoldsJobsBackOnceSpendReachesIt_AndSaysWhy()
    {
        var generator = new ScriptedGenerator { AutoComplete = true }; // each result costs $0.20
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?>
        {
            ["FalVideo:Jobs:MaxConcurrency"] = "1",
            ["FalVideo:Jobs:DailyBudget"] = "0.30",
        });
        var first = await host.Store.CreateAsync(new NewJob("first", "m", EstimatedCost: 0.2m), Ct);
        host.State.Signal();
        await host.WaitForAsync(first.Id, j => j.Status == JobStatus.Completed);
        var budgetHit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.State.Changed += () => { if (host.State.BudgetReached is not null) budgetHit.TrySetResult(); };

        var second = await host.Store.CreateAsync(new NewJob("second", "m", EstimatedCost: 0.2m), Ct);
        host.State.Signal();
        host.State.Configure(dailyBudget: 0.20m); // spend 0.20 has now reached the cap
        await budgetHit.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(JobStatus.Pending, (await host.Store.GetAsync(second.Id, Ct))!.Status);
        Assert.Contains("daily budget", host.State.BudgetReached!.Message);
        Assert.Equal(1, generator.TotalSubmits);
    }

    [Fact]
    public async Task Retry_InterruptedJobWithRequestId_ReattachesInsteadOfPayingAgain()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator);
        var job = await host.Commands.SubmitAsync("a job", null, cancellationToken: Ct);
        var requestId = await generator.Submitted.ReadAsync(Ct);
        generator.Fail(requestId, new JobError(ErrorTypes.ConnectionLost, "fal could not be reached for 10 minutes"));
        var interrupted = await host.WaitForAsync(job.Id, j => j.Status.IsTerminal());
        Assert.Equal(JobStatus.Interrupted, interrupted.Status);

        var retried = await host.Commands.RetryAsync(job.Id, Ct);
        Assert.Equal(JobStatus.Queued, retried.Status);
        Assert.Equal(requestId, retried.RequestId);
        generator.Complete(requestId);
        await host.WaitForAsync(job.Id, j => j.Status == JobStatus.Completed);
        Assert.Equal(1, generator.TotalSubmits);
    }
}
