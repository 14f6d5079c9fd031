using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.FakeFal;

namespace FalVideo.Tests.Fal;

/// <summary>Jobs through the real app against the fake fal server: one test per fault, with the outcome a user expects.</summary>
public sealed class FalQueueJobTests
{
    private const string Wan = FalModels.Wan21T2V13B;

    [Fact]
    public async Task Job_CompletesWithProgressLogsSeedAndVideo_OneSubmit()
    {
        // Slow enough steps that the runner (which stores progress at most every 250 ms) records some in between.
        await using var h = await FalHarness.StartAsync(FalHarness.QuickBehavior with { Steps = 10, StepInterval = TimeSpan.FromMilliseconds(150) });
        var id = await h.PostJobAsync("a red fox in snow", new JsonObject { ["seed"] = 4242, ["num_inference_steps"] = 20 });

        var running = await h.WaitForAsync(id, j => j.Status == JobStatus.Running && j.Progress is > 0 and < 1);
        var done = await h.WaitForEndAsync(id);

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.NotNull(done.RequestId);
        Assert.Equal("fal", done.Provider);
        Assert.Equal(4242, done.Seed);
        Assert.Equal((832, 480), (done.Width, done.Height));
        Assert.True(done.HasVideo);
        Assert.Contains("step 10/10", done.Logs);
        Assert.Contains(running.Logs, l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.Equal(0.20m, done.EstimatedCost);
        Assert.Equal(1, h.Fal.State.AcceptedFor(Wan, "a red fox in snow", 4242));
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
        Assert.True(h.Fal.State.Calls(FakeOperation.Stream) >= 1);
        Assert.Equal(0, h.Fal.State.Calls(FakeOperation.Status)); // the live stream sufficed
        Assert.Equal(["normal"], h.Fal.State.SubmitPriorities);
    }

    [Fact]
    public async Task FalKey_IsSentToFal_ButNeverLogged()
    {
        await using var h = await FalHarness.StartAsync();
        var done = await h.WaitForEndAsync(await h.PostJobAsync("keep the key secret"));
        Assert.Equal(JobStatus.Completed, done.Status); // the fake accepts only the configured key
        await h.App.DisposeAsync(); // flush the log file

        var logs = string.Concat(Directory.GetFiles(Path.Combine(h.App.DataDirectory, "logs")).Select(File.ReadAllText));
        Assert.Contains(done.RequestId!, logs);
        Assert.DoesNotContain("harness-key-secret", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("harness-key-id", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamDroppedMidway_Reconnects_AndCompletes()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.DropStream, Operation = FakeOperation.Stream, AfterEvents = 2, Times = 2 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("dropped stream"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(3, h.Fal.State.Calls(FakeOperation.Stream));
        Assert.Equal(0, h.Fal.State.Calls(FakeOperation.Status));
        Assert.Equal(1, h.Fal.State.AcceptedSubmitCount);
        // Lines are reported once even though each reconnect starts with everything so far.
        Assert.Equal(done.Logs.Distinct().Count(), done.Logs.Count);
    }

    [Fact]
    public async Task StreamAlwaysFailing_FallsBackToPolling_AndCompletes()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.DropStream, Operation = FakeOperation.Stream, AfterEvents = 0 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("no stream at all"));

        Assert.Equal(JobStatus.Completed, done.Status);
        // FalVideo:Fal:StreamFailuresBeforePolling (3) connects, each tried twice by the HTTP pipeline, then polling.
        Assert.Equal(6, h.Fal.State.Calls(FakeOperation.Stream));
        Assert.True(h.Fal.State.Calls(FakeOperation.Status) >= 1);
        Assert.Contains("step 5/5", done.Logs);
    }

    [Theory]
    [InlineData(FakeOperation.Stream, 500)]
    [InlineData(FakeOperation.Stream, 502)]
    [InlineData(FakeOperation.Stream, 503)]
    [InlineData(FakeOperation.Stream, 504)]
    [InlineData(FakeOperation.Stream, 429)]
    [InlineData(FakeOperation.Result, 500)]
    [InlineData(FakeOperation.Result, 502)]
    [InlineData(FakeOperation.Result, 503)]
    [InlineData(FakeOperation.Result, 504)]
    [InlineData(FakeOperation.Media, 503)]
    public async Task TransientErrorsOnSafeCalls_AreRetried_JobCompletes(FakeOperation operation, int status)
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = operation, StatusCode = status, Times = 2 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync($"transient {operation} {status}"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(3, h.Fal.State.Calls(operation));
        Assert.Equal(1, h.Fal.State.AcceptedSubmitCount);
    }

    [Fact]
    public async Task RetryAfter_IsHonoured()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Result, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(1), Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("retry after"));

        Assert.Equal(JobStatus.Completed, done.Status);
        var calls = h.Fal.State.CallTimes(FakeOperation.Result);
        Assert.Equal(2, calls.Count);
        // Without Retry-After the backoff here is ~10 ms; fal asked for 1 s.
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(calls[1] - calls[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task RateLimitedWithoutRetryAfter_UsesBackoff()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Result, StatusCode = 429, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("rate limited"));

        Assert.Equal(JobStatus.Completed, done.Status);
        var calls = h.Fal.State.CallTimes(FakeOperation.Result);
        Assert.True(calls[1] - calls[0] < TimeSpan.FromMilliseconds(900), $"retried after {(calls[1] - calls[0]).TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task SubmitRefusedWith429Or503_IsRetried_BilledOnce(int status)
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Submit, StatusCode = status, Times = 2 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync($"submit {status}"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(3, h.Fal.State.Calls(FakeOperation.Submit));
        Assert.Equal(1, h.Fal.State.AcceptedSubmitCount);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task SubmitAnswered5xx_IsNotResent_JobInterrupted(int status)
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Submit, StatusCode = status, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync($"submit {status}"));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Equal(ErrorTypes.SubmitOutcomeUnknown, done.Error!.Type);
        Assert.StartsWith("Submit outcome unknown — may have been billed.", done.Error.Message);
        Assert.Contains($"HTTP {status}", done.Error.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
    }

    [Fact]
    public async Task SubmitConnectionResetAfterAccept_JobInterrupted_NeverResent()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.AbortAfterAccept, Operation = FakeOperation.Submit, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("reset after accept"));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Equal(ErrorTypes.SubmitOutcomeUnknown, done.Error!.Type);
        Assert.Null(done.RequestId);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
        Assert.Equal(1, h.Fal.State.AcceptedSubmitCount); // it was billed: that is why nothing may resend it
    }

    [Fact]
    public async Task SubmitTimesOutAfterSending_JobInterrupted_NeverResent()
    {
        await using var h = await FalHarness.StartAsync(settings: new Dictionary<string, string?> { ["FalVideo:Fal:AttemptTimeout"] = "00:00:00.500" });
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.Latency, Operation = FakeOperation.Submit, Delay = TimeSpan.FromSeconds(3), Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("slow submit"));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Contains("did not answer within 0.5 s", done.Error!.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
    }

    [Fact]
    public async Task SubmitAnswerMalformed_JobInterrupted()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.MalformedJson, Operation = FakeOperation.Submit, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("garbled submit answer"));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Contains("no readable request id", done.Error!.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
    }

    [Fact]
    public async Task MalformedStatusAndResult_AreRetried_JobCompletes()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(
            new FaultRule { Kind = FaultKind.MalformedJson, Operation = FakeOperation.Stream, Times = 1 },
            new FaultRule { Kind = FaultKind.MalformedJson, Operation = FakeOperation.Result, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("garbled answers"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(2, h.Fal.State.Calls(FakeOperation.Result));
        Assert.Equal(2, h.Fal.State.Calls(FakeOperation.Stream));
    }

    [Fact]
    public async Task MalformedPolledStatus_IsTolerated()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(
            new FaultRule { Kind = FaultKind.DropStream, Operation = FakeOperation.Stream, AfterEvents = 0 },
            new FaultRule { Kind = FaultKind.MalformedJson, Operation = FakeOperation.Status, Times = 2 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("garbled poll"));

        Assert.Equal(JobStatus.Completed, done.Status);
    }

    [Fact]
    public async Task CompletedWithError_FetchesResult_StoresFalsPerFieldReason()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule
        {
            Kind = FaultKind.CompletedWithError,
            Times = 1,
            Detail = new JsonArray(new JsonObject
            {
                ["loc"] = new JsonArray("body", "num_inference_steps"),
                ["msg"] = "Input should be less than or equal to 40",
                ["type"] = "less_than_equal",
                ["ctx"] = new JsonObject { ["le"] = 40 },
                ["input"] = 50,
            }),
        });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("model-side refusal", new JsonObject { ["num_inference_steps"] = 50 }));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.Validation, done.Error!.Type);
        var field = Assert.Single(done.Error.Fields);
        Assert.Equal(new FieldError("num_inference_steps", "must be ≤ 40", "50"), field);
        Assert.Equal("fal refused the input: num_inference_steps: must be ≤ 40", done.Error.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Result)); // a 422 result is the answer, not a reason to retry
    }

    [Fact]
    public async Task CompletedWithError_GatewayFailingOnTheResult_StillGetsTheModelsReason()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(
            new FaultRule { Kind = FaultKind.CompletedWithError, Times = 1 },
            new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Result, StatusCode = 504, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("refused behind a flaky gateway"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.ContentPolicy, done.Error!.Type); // the fake's default refusal is its content filter
        Assert.Equal(2, h.Fal.State.Calls(FakeOperation.Result));
    }

    [Fact]
    public async Task CompletedWithContentPolicyError_SaysSo()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.CompletedWithError, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("flagged prompt"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.ContentPolicy, done.Error!.Type);
        Assert.StartsWith("fal's content policy refused the input: prompt: ", done.Error.Message);
        Assert.Equal("prompt", Assert.Single(done.Error.Fields).Field);
    }

    [Fact]
    public async Task ResultExpired_JobFailsSayingSo()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(
            new FaultRule { Kind = FaultKind.ResultExpired, Times = 1, Delay = TimeSpan.Zero },
            new FaultRule { Kind = FaultKind.Latency, Operation = FakeOperation.Result, Delay = TimeSpan.FromMilliseconds(20), Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("expired result"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.ResultExpired, done.Error!.Type);
        Assert.Contains("kept only 6 minutes", done.Error.Message);
    }

    [Fact]
    public async Task SlowMedia_IsNotCutOffByATimeout()
    {
        // Each attempt may take only 0.3 s to answer, yet the 100 KB video trickles in over ~2 s: no whole-request timeout.
        await using var h = await FalHarness.StartAsync(settings: new Dictionary<string, string?> { ["FalVideo:Fal:AttemptTimeout"] = "00:00:00.300" });
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.SlowMedia, Operation = FakeOperation.Media, BytesPerSecond = 50_000 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("slow cdn"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Media));
    }

    [Fact]
    public async Task DownloadFailedAfterFalFinished_RetryFetchesTheSameResult_NoSecondSubmit_AndTheLossCountsAsSpend()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Media, StatusCode = 503, Times = 1000 });
        var failed = await h.WaitForEndAsync(await h.PostJobAsync("paid, then the cdn failed"));
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(ErrorTypes.Download, failed.Error!.Type);
        Assert.Equal(0.20m, await h.Store.SpendAsync(cancellationToken: TestContext.Current.CancellationToken)); // fal finished the work: it was billed even though the video was lost

        h.Fal.State.ClearFaults();
        using var retry = await h.Client.PostAsync($"/api/jobs/{failed.Id}/retry", null, TestContext.Current.CancellationToken);
        Assert.True(retry.IsSuccessStatusCode, $"retry: {(int)retry.StatusCode}");
        var done = await h.WaitForAsync(failed.Id, j => j.Status == JobStatus.Completed);

        Assert.Equal(failed.RequestId, done.RequestId);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
        Assert.Equal(0.20m, await h.Store.SpendAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(h.App.DataDirectory, "videos", $"{done.Id}.mp4")));
    }

    [Fact]
    public async Task DailyBudgetReached_HealthSaysNotDispatchingAndWhy()
    {
        await using var h = await FalHarness.StartAsync(settings: new Dictionary<string, string?> { ["FalVideo:Jobs:DailyBudget"] = "0.20" });
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Runner.Changed += () => { if (h.Runner.BudgetReached is not null) reached.TrySetResult(); };

        Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(await h.PostJobAsync("spends the whole budget"))).Status);
        await h.PostJobAsync("held back by the budget");
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var health = await h.HealthAsync();
        Assert.False(health["dispatching"]!.GetValue<bool>());
        Assert.Equal("Today's spend $0.20 has reached the daily budget of $0.20. Raise the budget in Settings to continue.", health["pausedReason"]!.GetValue<string>());
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit));
    }

    [Fact]
    public async Task TruncatedMedia_ResumesWithRange_AndCompletes()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.TruncatedMedia, Operation = FakeOperation.Media, Fraction = 0.4, Times = 2 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("truncated cdn"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(3, h.Fal.State.Calls(FakeOperation.Media));
        Assert.Equal(2, h.Fal.State.RangeRequests);
        var file = await FakeMediaLibrary.GetAsync(832, 480);
        var stored = Path.Combine(h.App.DataDirectory, "videos", $"{done.Id}.mp4");
        Assert.Equal(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(stored, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task KeyRejected_PausesTheQueue_JobsWaitUnsent()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.Unauthorized, Operation = FakeOperation.Submit });

        var first = await h.PostJobAsync("key rejected 1");
        await h.WaitForAsync(first, j => j.Status == JobStatus.Pending && h.Runner.ProviderPause is not null);
        var second = await h.PostJobAsync("key rejected 2");

        var health = await h.HealthAsync();
        Assert.False(health["dispatching"]!.GetValue<bool>());
        Assert.StartsWith("fal key rejected", health["pausedReason"]!.GetValue<string>());
        Assert.Equal(ErrorTypes.KeyRejected, h.Runner.ProviderPause!.Type);
        Assert.Equal(JobStatus.Pending, (await h.Store.GetAsync(second, TestContext.Current.CancellationToken))!.Status);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Submit)); // one refused try, not one per job
        Assert.Equal(0, h.Fal.State.AcceptedSubmitCount);

        // The user fixes the key and resumes: both jobs run.
        h.Fal.State.ClearFaults();
        h.Runner.Resume();
        Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(first)).Status);
        Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(second)).Status);
        Assert.Equal(2, h.Fal.State.AcceptedSubmitCount);
    }

    [Fact]
    public async Task KeyRejectedWhileWatching_PausesTheQueue()
    {
        await using var h = await FalHarness.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.Unauthorized, Operation = FakeOperation.Stream });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("key revoked mid-job"));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Equal(ErrorTypes.KeyRejected, done.Error!.Type);
        Assert.NotNull(done.RequestId);
        Assert.Equal(ErrorTypes.KeyRejected, h.Runner.ProviderPause!.Type);
    }

    [Fact]
    public async Task FalFailing_OpensTheCircuit_SubmitsPause_HealthSaysWhy()
    {
        await using var h = await FalHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["FalVideo:Fal:CircuitMinimumThroughput"] = "3",
            ["FalVideo:Fal:CircuitFailureRatio"] = "0.5",
        });
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.Submit, StatusCode = 503 });

        var id = await h.PostJobAsync("fal is down");
        await h.WaitForAsync(id, j => j.Status == JobStatus.Pending && h.Runner.ProviderPause is not null);

        var health = await h.HealthAsync();
        Assert.False(health["dispatching"]!.GetValue<bool>());
        Assert.StartsWith("fal is failing", health["pausedReason"]!.GetValue<string>());
        Assert.NotNull(h.Runner.ProviderPauseUntil); // lifts by itself
        Assert.Equal(3, h.Fal.State.Calls(FakeOperation.Submit)); // the breaker stopped the retries
        Assert.Equal(0, h.Fal.State.AcceptedSubmitCount);
    }

    [Fact]
    public async Task Cancel_WhileRunning_AsksFalAndEndsCanceled()
    {
        await using var h = await FalHarness.StartAsync(FalHarness.QuickBehavior with { Steps = 200 });
        var id = await h.PostJobAsync("cancel me");
        await h.WaitForAsync(id, j => j.Status == JobStatus.Running);

        using var response = await h.Client.PostAsync($"/api/jobs/{id}/cancel", null, TestContext.Current.CancellationToken);
        var done = await h.WaitForEndAsync(id);

        Assert.Equal(JobStatus.Canceled, done.Status);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.Cancel));
        Assert.NotNull(Assert.Single(h.Fal.State.Requests).CanceledAt);
    }

    [Fact]
    public async Task MediaOverPlainHttp_IsRefusedInTheDefaultConfiguration()
    {
        await using var h = await FalHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["FalVideo:Fal:AllowInsecureMediaHosts"] = "false",
        });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("ssrf guard"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.Download, done.Error!.Type);
        Assert.Equal("Refused to download the video: media URLs must use https, not http.", done.Error.Message);
        Assert.Equal(0, h.Fal.State.Calls(FakeOperation.Media));
    }

    [Fact]
    public async Task Restart_BetweenSubmitAndCompletion_FetchesTheResult_SubmitCountOne()
    {
        await using var fal = await FakeFalServer.StartAsync(FalHarness.QuickBehavior with { Steps = 40 }, TestContext.Current.CancellationToken);
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-fal-restart-").FullName;
        Guid id;
        await using (var first = await FalHarness.StartAsync(fal: fal, dataDirectory: dataDirectory))
        {
            id = await first.PostJobAsync("survives a restart", new JsonObject { ["seed"] = 77 });
            await first.WaitForAsync(id, j => j.Status == JobStatus.Running && j.RequestId is not null);
        }
        Assert.False(fal.State.Requests.Single().StatusAt(DateTimeOffset.UtcNow).State == FakeState.Completed, "finished before the restart");

        await using var second = await FalHarness.StartAsync(fal: fal, dataDirectory: dataDirectory);
        var done = await second.WaitForEndAsync(id);

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(77, done.Seed);
        Assert.Equal(1, fal.State.Calls(FakeOperation.Submit));
        Assert.Equal(1, fal.State.AcceptedFor(Wan, "survives a restart", 77));
        Assert.Equal(1, fal.State.Calls(FakeOperation.Result));
        await second.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
