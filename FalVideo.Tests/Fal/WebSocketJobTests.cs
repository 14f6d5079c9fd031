using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Core.Fal;
using FalVideo.Core.Generation;
using FalVideo.FakeFal;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Fal;

/// <summary>
/// Jobs through the real app with <c>FalVideo:Fal:Transport = WebSocket</c> against the fake's ws endpoint: honest
/// progress, pooled connections, and the outcome a user expects for each fault — a dropped request is never resent.
/// </summary>
public sealed class WebSocketJobTests
{
    private const string Wan = FalModels.Wan21T2V13B;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Job_RunsOverWebSocket_RunningWithoutInventedProgress_Completes_OneRequest()
    {
        await using var h = await WebSocketTesting.StartAsync(FalHarness.QuickBehavior with { Steps = 10 });
        var id = await h.PostJobAsync("a red fox in snow", new JsonObject { ["seed"] = 4242 });

        var running = await h.WaitForAsync(id, j => j.Status == JobStatus.Running);
        var done = await h.WaitForEndAsync(id);

        Assert.Null(running.Progress); // fal reports none on this transport: the bar is indeterminate
        Assert.Contains(FalWebSocketGenerator.NoProgressLogLine, running.Logs);
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(GeneratorRegistry.FalWebSocket, done.Provider);
        Assert.True(FalWebSocketGenerator.IsLocalRequestId(done.RequestId), done.RequestId);
        Assert.Equal(4242, done.Seed);
        Assert.Equal((832, 480), (done.Width, done.Height));
        Assert.True(done.HasVideo);
        var falRequestId = Assert.Single(h.Fal.State.Requests).Id;
        Assert.Contains(done.Logs, l => l.Contains($"fal request id {falRequestId}", StringComparison.Ordinal));
        Assert.Contains(done.Logs, l => l.StartsWith("fal answered HTTP 200", StringComparison.Ordinal));
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Equal(1, h.Fal.State.AcceptedFor(Wan, "a red fox in snow", 4242));
        Assert.Equal(0, h.Fal.State.Calls(FakeOperation.Submit)); // not a queue job
        // The kept answer is gone once the video is stored.
        Assert.Empty(Directory.Exists(Path.Combine(h.App.DataDirectory, "fal-ws")) ? Directory.GetFiles(Path.Combine(h.App.DataDirectory, "fal-ws")) : []);

        var health = await h.HealthAsync();
        Assert.Equal("fal", health["generator"]!.GetValue<string>());
        Assert.Equal("websocket", health["falTransport"]!.GetValue<string>());
        var sockets = health["webSocket"]!;
        Assert.Equal("connected", sockets["state"]!.GetValue<string>());
        Assert.Equal(1, sockets["open"]!.GetValue<int>());
        Assert.Equal(1, sockets["idle"]!.GetValue<int>());
        Assert.Equal(4, sockets["maxPerEndpoint"]!.GetValue<int>());
        Assert.Equal(Wan, sockets["endpoints"]![0]!["modelId"]!.GetValue<string>());
    }

    [Fact]
    public async Task FalKey_IsSentOnTheUpgrade_ButNeverLogged()
    {
        await using var h = await WebSocketTesting.StartAsync();
        var done = await h.WaitForEndAsync(await h.PostJobAsync("keep the key secret"));
        Assert.Equal(JobStatus.Completed, done.Status); // the fake accepts only the configured key
        await h.App.DisposeAsync(); // flush the log file

        var logs = string.Concat(Directory.GetFiles(Path.Combine(h.App.DataDirectory, "logs")).Select(File.ReadAllText));
        Assert.Contains(done.RequestId!, logs);
        Assert.DoesNotContain("harness-key-secret", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("harness-key-id", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionReuse_SixJobs_OverAtMostTwoConnections()
    {
        await using var h = await WebSocketTesting.StartAsync(extra: ("FalVideo:Jobs:MaxConcurrency", "2"));
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await h.PostJobAsync($"reuse {i}"));

        foreach (var id in ids) Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(id)).Status);

        Assert.Equal(6, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Equal(6, h.Fal.State.AcceptedSubmitCount);
        Assert.InRange(h.Fal.State.WebSocketsAccepted, 1, 2); // six requests, at most two connections
        Assert.True(h.Fal.State.WebSockets.Sum(s => s.Requests) == 6 && h.Fal.State.WebSockets.Any(s => s.Requests >= 3),
            string.Join(", ", h.Fal.State.WebSockets.Select(s => $"#{s.Id}: {s.Requests}")));
        var pool = h.Pool().Snapshot();
        Assert.Equal(h.Fal.State.WebSocketsAccepted, pool.Opened);
        Assert.InRange(pool.PeakOpenPerEndpoint, 1, 2);
    }

    [Fact]
    public async Task Pool_NeverExceedsMaxConcurrency_EvenWhenJobsOverlap()
    {
        // Long enough requests that three are always in flight together.
        await using var h = await WebSocketTesting.StartAsync(FalHarness.QuickBehavior with { Steps = 20 }, extra: ("FalVideo:Jobs:MaxConcurrency", "3"));
        var ids = new List<Guid>();
        for (var i = 0; i < 9; i++) ids.Add(await h.PostJobAsync($"overlap {i}"));

        foreach (var id in ids) Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(id)).Status);

        Assert.Equal(3, h.Fal.State.PeakOpenWebSockets); // they did overlap, and never more than the limit
        Assert.Equal(3, h.Fal.State.PeakOpenWebSocketsByModel[Wan]);
        Assert.Equal(3, h.Fal.State.WebSocketsAccepted);
        Assert.Equal(3, h.Pool().Snapshot().PeakOpenPerEndpoint);
        Assert.Equal(9, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
    }

    [Fact]
    public async Task IdleSession_IsClosedAfterTheIdleTimeout()
    {
        await using var h = await WebSocketTesting.StartAsync(extra: ("FalVideo:Fal:WebSocketIdleTimeout", "00:00:00.300"));
        var done = await h.WaitForEndAsync(await h.PostJobAsync("then idle"));
        Assert.Equal(JobStatus.Completed, done.Status);

        // Closed by the app (the fake sees the connection go), not dropped; exact timing: WebSocketPoolTests.
        await h.Fal.WaitForSocketsAsync(s => s.WebSocketsAccepted == 1 && s.OpenWebSockets == 0);
        var pool = await h.Pool().WaitForPoolAsync(p => p.Open == 0);
        Assert.Equal(1, pool.ClosedIdle);
        Assert.Equal(0, pool.DroppedWhileIdle);
        Assert.Equal("idle", pool.State);
    }

    [Fact]
    public async Task SessionDroppedByFalWhileIdle_IsReplacedSilently()
    {
        await using var h = await WebSocketTesting.StartAsync();
        Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(await h.PostJobAsync("before the drop"))).Status);
        await h.Pool().WaitForPoolAsync(p => p.Idle == 1);

        Assert.Equal(1, h.Fal.State.DropIdleWebSockets());
        await h.Pool().WaitForPoolAsync(p => p.Open == 0);
        var after = await h.WaitForEndAsync(await h.PostJobAsync("after the drop"));

        Assert.Equal(JobStatus.Completed, after.Status);
        Assert.Null(after.Error);
        Assert.Equal(2, h.Fal.State.WebSocketsAccepted);
        Assert.Equal(2, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
        var pool = h.Pool().Snapshot();
        Assert.Equal(1, pool.DroppedWhileIdle);
        Assert.Equal(0, pool.DroppedInFlight);
    }

    [Fact]
    public async Task DropBetweenStartAndEnd_JobInterrupted_ConnectionLost_SentOnce()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.DropAfterStart, Operation = FakeOperation.WebSocketRequest, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("dropped mid-answer", new JsonObject { ["seed"] = 5 }));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Equal(ErrorTypes.ConnectionLost, done.Error!.Type);
        Assert.Equal(FalWebSocketGenerator.ConnectionLostMessage, done.Error.Message);
        Assert.NotNull(done.RequestId);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Equal(1, h.Fal.State.AcceptedFor(Wan, "dropped mid-answer", 5));
        Assert.Equal(1, h.Pool().Snapshot().DroppedInFlight);

        // "retry to run it again": the user's retry sends it anew on a new connection (nothing to re-attach to).
        using var retry = await h.Client.PostAsync($"/api/jobs/{done.Id}/retry", null, Ct);
        Assert.True(retry.IsSuccessStatusCode, $"retry: {(int)retry.StatusCode}");
        var retried = await h.WaitForAsync(done.Id, j => j.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled
            || j.Status == JobStatus.Interrupted && j.RequestId != done.RequestId);
        Assert.Equal(JobStatus.Completed, retried.Status);
        Assert.NotEqual(done.RequestId, retried.RequestId);
        Assert.Equal(2, h.Fal.State.AcceptedFor(Wan, "dropped mid-answer", 5));
        Assert.Equal(2, h.Fal.State.WebSocketsAccepted);
    }

    [Fact]
    public async Task DropAfterSendBeforeStart_JobInterrupted_MayHaveBeenBilled_SentOnce()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.DropBeforeStart, Operation = FakeOperation.WebSocketRequest, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("dropped before start", new JsonObject { ["seed"] = 6 }));

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Equal(ErrorTypes.SubmitOutcomeUnknown, done.Error!.Type);
        Assert.StartsWith("Submit outcome unknown — may have been billed.", done.Error.Message);
        Assert.Contains(FalWebSocketGenerator.ConnectionLostMessage, done.Error.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Equal(1, h.Fal.State.AcceptedFor(Wan, "dropped before start", 6));
    }

    [Fact]
    public async Task HandshakeRefused401_StopsDispatch_FalKeyRejected_NothingSent()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.Unauthorized, Operation = FakeOperation.WebSocketConnect });

        var first = await h.PostJobAsync("key rejected 1");
        await h.WaitForAsync(first, j => j.Status == JobStatus.Pending && h.Runner.ProviderPause is not null);
        var second = await h.PostJobAsync("key rejected 2");

        var health = await h.HealthAsync();
        Assert.False(health["dispatching"]!.GetValue<bool>());
        Assert.StartsWith("fal key rejected", health["pausedReason"]!.GetValue<string>());
        Assert.Equal("failing", health["webSocket"]!["state"]!.GetValue<string>());
        Assert.StartsWith("fal key rejected", health["webSocket"]!["lastError"]!.GetValue<string>());
        Assert.Equal(ErrorTypes.KeyRejected, h.Runner.ProviderPause!.Type);
        Assert.Equal(JobStatus.Pending, (await h.Store.GetAsync(second, Ct))!.Status);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketConnect)); // a 401 is not retried
        Assert.Equal(0, h.Fal.State.WebSocketsAccepted);
        Assert.Equal(0, h.Fal.State.Calls(FakeOperation.WebSocketRequest));

        h.Fal.State.ClearFaults();
        h.Runner.Resume();
        Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(first)).Status);
        Assert.Equal(JobStatus.Completed, (await h.WaitForEndAsync(second)).Status);
        Assert.Equal(2, h.Fal.State.AcceptedSubmitCount);
    }

    [Fact]
    public async Task Handshake503_IsRetriedWithBackoff_JobCompletes()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.WebSocketConnect, StatusCode = 503, Times = 2 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("flaky upgrade"));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(3, h.Fal.State.Calls(FakeOperation.WebSocketConnect));
        Assert.Equal(1, h.Fal.State.WebSocketsAccepted);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
    }

    [Fact]
    public async Task FailingUpgrades_OpenTheCircuitSharedWithTheQueueClient()
    {
        await using var h = await WebSocketTesting.StartAsync(extra:
        [
            ("FalVideo:Fal:CircuitMinimumThroughput", "3"),
            ("FalVideo:Fal:CircuitFailureRatio", "0.5"),
        ]);
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.WebSocketConnect, StatusCode = 503 });

        var id = await h.PostJobAsync("fal is down");
        await h.WaitForAsync(id, j => j.Status == JobStatus.Pending && h.Runner.ProviderPause is not null);

        var health = await h.HealthAsync();
        Assert.StartsWith("fal is failing", health["pausedReason"]!.GetValue<string>());
        Assert.NotNull(h.Runner.ProviderPauseUntil);
        Assert.Equal(3, h.Fal.State.Calls(FakeOperation.WebSocketConnect)); // the breaker stopped the retries
        // One circuit for both transports: a queue submit is refused without reaching fal.
        var queue = h.App.Services.GetRequiredService<FalQueueClient>();
        var refused = await Assert.ThrowsAsync<ProviderUnavailableException>(() => queue.SubmitAsync(Wan, new JsonObject { ["prompt"] = "via the queue" }, Ct));
        Assert.StartsWith("fal is failing", refused.Error.Message);
        Assert.Equal(0, h.Fal.State.Calls(FakeOperation.Submit));
    }

    [Fact]
    public async Task ModelRefusal422InStart_FailsWithPerFieldMessages()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule
        {
            Kind = FaultKind.CompletedWithError,
            Operation = FakeOperation.WebSocketRequest,
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
        Assert.Equal(new FieldError("num_inference_steps", "must be ≤ 40", "50"), Assert.Single(done.Error.Fields));
        Assert.Equal("fal refused the input: num_inference_steps: must be ≤ 40", done.Error.Message);
        Assert.Contains(done.Logs, l => l.StartsWith("fal answered HTTP 422", StringComparison.Ordinal));
        // A refusal is a complete answer: the connection stays in the pool.
        Assert.Equal(0, h.Pool().Snapshot().DroppedInFlight);
        Assert.Equal(1, h.Fal.State.OpenWebSockets);
    }

    [Fact]
    public async Task GatewayErrorInStart_FailsWithFalsReason()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.HttpStatus, Operation = FakeOperation.WebSocketRequest, StatusCode = 503, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("no runner"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.Provider, done.Error!.Type);
        Assert.Equal("fal answered HTTP 503: No runner could be scheduled (runner_scheduling_failure)", done.Error.Message);
    }

    [Theory]
    [InlineData(FaultKind.MalformedFrame, "body arrived before 'start'")]
    [InlineData(FaultKind.MismatchedEnd, "'end' names request")]
    public async Task FramesBreakingTheProtocol_FailTheJob_AndTheConnectionIsNotReused(FaultKind fault, string reason)
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = fault, Operation = FakeOperation.WebSocketRequest, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync($"protocol {fault}"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(ErrorTypes.Provider, done.Error!.Type);
        Assert.StartsWith("fal's WebSocket answer was unreadable", done.Error.Message);
        Assert.Contains(reason, done.Error.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));

        var next = await h.WaitForEndAsync(await h.PostJobAsync("after the broken answer"));
        Assert.Equal(JobStatus.Completed, next.Status);
        Assert.Equal(2, h.Fal.State.WebSocketsAccepted);
    }

    [Fact]
    public async Task BodyThatIsNotJson_FailsWithTheReason()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.MalformedJson, Operation = FakeOperation.WebSocketRequest, Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("garbled body"));

        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.StartsWith("fal answered with something that is not a JSON object", done.Error!.Message);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
    }

    [Fact]
    public async Task SlowBody_IsAssembledAndCompletes()
    {
        await using var h = await WebSocketTesting.StartAsync();
        h.Fal.State.SetFaults(new FaultRule { Kind = FaultKind.SlowBody, Operation = FakeOperation.WebSocketRequest, Delay = TimeSpan.FromMilliseconds(20), Times = 1 });

        var done = await h.WaitForEndAsync(await h.PostJobAsync("slow body", new JsonObject { ["seed"] = 9 }));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(9, done.Seed);
        Assert.Equal(1, h.Fal.State.FaultsFired[FaultKind.SlowBody]);
    }

    [Fact]
    public async Task Cancel_WhileRunning_ClosesTheConnection_FalCancelsTheRequest()
    {
        await using var h = await WebSocketTesting.StartAsync(FalHarness.QuickBehavior with { Steps = 400 });
        var id = await h.PostJobAsync("cancel me");
        await h.WaitForAsync(id, j => j.Status == JobStatus.Running);
        await h.Fal.WaitForSocketsAsync(s => s.WebSockets.Any(w => w.IsBusy));

        using var response = await h.Client.PostAsync($"/api/jobs/{id}/cancel", null, Ct);
        var done = await h.WaitForEndAsync(id);
        await h.Fal.WaitForSocketsAsync(s => s.OpenWebSockets == 0);

        Assert.Equal(JobStatus.Canceled, done.Status);
        Assert.NotNull(Assert.Single(h.Fal.State.Requests).CanceledAt);
        Assert.Equal(1, h.Fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Equal(0, h.Pool().Snapshot().DroppedInFlight); // closed on purpose, not a drop
    }

    [Fact]
    public async Task Restart_WhileInFlight_JobInterruptedWithTheReason_NeverResent()
    {
        await using var fal = await FakeFalServer.StartAsync(FalHarness.QuickBehavior with { Steps = 400 }, Ct);
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-ws-restart-").FullName;
        Guid id;
        await using (var first = await WebSocketTesting.StartAsync(fal: fal, dataDirectory: dataDirectory))
        {
            id = await first.PostJobAsync("in flight at the restart");
            await first.WaitForAsync(id, j => j.Status == JobStatus.Running && j.RequestId is not null);
        }
        await fal.WaitForSocketsAsync(s => s.OpenWebSockets == 0);
        Assert.NotNull(Assert.Single(fal.State.Requests).CanceledAt); // fal canceled it when the connection went away

        await using var second = await WebSocketTesting.StartAsync(fal: fal, dataDirectory: dataDirectory);
        var done = await second.WaitForEndAsync(id);

        Assert.Equal(JobStatus.Interrupted, done.Status);
        Assert.Equal(ErrorTypes.ConnectionLost, done.Error!.Type);
        Assert.StartsWith("The app stopped while this job was running over fal's WebSocket", done.Error.Message);
        Assert.EndsWith(FalWebSocketGenerator.ConnectionLostMessage + ".", done.Error.Message);
        Assert.Equal(1, fal.State.Calls(FakeOperation.WebSocketRequest));
        await second.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Restart_WhileDownloading_KeptAnswerIsUsed_VideoStored_NeverResent()
    {
        await using var fal = await FakeFalServer.StartAsync(FalHarness.QuickBehavior, Ct);
        fal.State.SetFaults(new FaultRule { Kind = FaultKind.SlowMedia, Operation = FakeOperation.Media, BytesPerSecond = 16 * 1024 });
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-ws-restart-download-").FullName;
        Guid id;
        await using (var first = await WebSocketTesting.StartAsync(fal: fal, dataDirectory: dataDirectory))
        {
            id = await first.PostJobAsync("answered, then the app stopped", new JsonObject { ["seed"] = 31 });
            await first.WaitForAsync(id, j => j.Status == JobStatus.Downloading);
        }
        fal.State.ClearFaults();

        await using var second = await WebSocketTesting.StartAsync(fal: fal, dataDirectory: dataDirectory);
        var done = await second.WaitForEndAsync(id);

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(31, done.Seed);
        Assert.True(done.HasVideo);
        Assert.Equal(1, fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Empty(Directory.GetFiles(Path.Combine(dataDirectory, "fal-ws")));
        await second.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task QueueJob_StillResumesOnTheQueue_AfterSwitchingToWebSocket()
    {
        await using var fal = await FakeFalServer.StartAsync(FalHarness.QuickBehavior with { Steps = 40 }, Ct);
        var dataDirectory = Directory.CreateTempSubdirectory("falvideo-ws-switch-").FullName;
        Guid id;
        await using (var first = await FalHarness.StartAsync(fal: fal, dataDirectory: dataDirectory))
        {
            id = await first.PostJobAsync("queued before the switch", new JsonObject { ["seed"] = 12 });
            await first.WaitForAsync(id, j => j.Status == JobStatus.Running && j.RequestId is not null);
        }

        await using var second = await WebSocketTesting.StartAsync(fal: fal, dataDirectory: dataDirectory);
        var done = await second.WaitForEndAsync(id);

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(GeneratorRegistry.Fal, done.Provider);
        Assert.Equal(1, fal.State.Calls(FakeOperation.Submit));
        Assert.Equal(0, fal.State.Calls(FakeOperation.WebSocketRequest));
        await second.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
