using System.Text;
using FalVideo.Core.Catalog;
using FalVideo.Core.Configuration;
using FalVideo.Core.DependencyInjection;
using FalVideo.Core.Fal;
using FalVideo.Core.Jobs;
using FalVideo.FakeFal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FalVideo.Tests.Fal;

/// <summary>
/// The connection pool on its own, against the fake's ws endpoint, with a <see cref="FakeTimeProvider"/> driving the
/// idle timeout: reuse, the per-endpoint limit, idle close, idle drop.
/// </summary>
public sealed class WebSocketPoolTests : IAsyncLifetime
{
    private const string Wan = FalModels.Wan21T2V13B;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeFalServer _fal = null!;
    private ServiceProvider _services = null!;

    private FalWebSocketPool Pool => _services.GetRequiredService<FalWebSocketPool>();
    private RunnerState Runner => _services.GetRequiredService<RunnerState>();

    public async ValueTask InitializeAsync()
    {
        _fal = await FakeFalServer.StartAsync(FalHarness.QuickBehavior with { QueuePositions = 0, Steps = 1, StepInterval = TimeSpan.FromMilliseconds(10) }, Ct);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_fal.FalVideoSettings())
        {
            ["FalVideo:Fal:WebSocketIdleTimeout"] = "00:01:00",
            ["FalVideo:Fal:Transport"] = "WebSocket",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(new FalCredentials(FalHarness.Key));
        services.AddSingleton(Options.Create(new JobOptions { MaxConcurrency = 2 }));
        services.AddSingleton<RunnerState>();
        services.AddSingleton(new DataPaths(Path.Combine(Path.GetTempPath(), "falvideo-ws-pool-unused")));
        services.AddFalVideoFal(configuration);
        services.AddFalVideoFalWebSocket();
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fal.DisposeAsync();
    }

    [Fact]
    public async Task AnsweredSession_IsReusedForTheNextRequest()
    {
        var first = await Pool.AcquireAsync(Wan, Ct);
        await AnswerAsync(first, "one");
        await Pool.WaitForPoolAsync(p => p.Idle == 1);

        var second = await Pool.AcquireAsync(Wan, Ct);
        await AnswerAsync(second, "two");

        Assert.Same(first, second);
        Assert.Equal(2, first.Requests);
        Assert.Equal(1, _fal.State.WebSocketsAccepted);
        Assert.Equal(2, _fal.State.Calls(FakeOperation.WebSocketRequest));
        Assert.Equal(1, Pool.Snapshot().Opened);
    }

    [Fact]
    public async Task IdleSession_IsClosedWhenTheIdleTimeoutPasses_NotBefore()
    {
        var session = await Pool.AcquireAsync(Wan, Ct);
        await AnswerAsync(session, "then idle");
        await Pool.WaitForPoolAsync(p => p.Idle == 1);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, Pool.Snapshot().Idle);
        Assert.True(session.IsOpen);
        Assert.Equal(1, _fal.State.OpenWebSockets);

        _time.Advance(TimeSpan.FromSeconds(2));
        var closed = Pool.Snapshot();
        Assert.Equal((0, 1), (closed.Open, closed.ClosedIdle)); // out of the pool at once
        await _fal.WaitForSocketsAsync(s => s.OpenWebSockets == 0); // and closed on the wire
        Assert.Equal(0, Pool.Snapshot().DroppedWhileIdle);
    }

    [Fact]
    public async Task SessionInUse_IsNeverClosedForIdleness()
    {
        var session = await Pool.AcquireAsync(Wan, Ct);
        _time.Advance(TimeSpan.FromMinutes(5));

        await AnswerAsync(session, "after a long wait");
        Assert.Equal(0, Pool.Snapshot().ClosedIdle);
    }

    [Fact]
    public async Task Pool_HoldsAtMostMaxConcurrencyPerEndpoint_TheNextWaitsForAReturn()
    {
        var a = await Pool.AcquireAsync(Wan, Ct);
        var b = await Pool.AcquireAsync(Wan, Ct);
        var third = Pool.AcquireAsync(Wan, Ct);

        Assert.False(third.IsCompleted);
        Assert.Equal((2, 0), (Pool.Snapshot().Open, Pool.Snapshot().Connecting));
        Assert.Equal(2, _fal.State.WebSocketsAccepted);

        await AnswerAsync(a, "frees a");
        Assert.Same(a, await third.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(2, _fal.State.WebSocketsAccepted);
        Assert.Equal(2, _fal.State.PeakOpenWebSockets);
        Assert.Equal(2, Pool.Snapshot().PeakOpenPerEndpoint);
        Assert.NotSame(a, b);
    }

    [Fact]
    public async Task RaisingMaxConcurrency_LetsAWaitingRequestOpenAnotherConnection()
    {
        await Pool.AcquireAsync(Wan, Ct);
        await Pool.AcquireAsync(Wan, Ct);
        var third = Pool.AcquireAsync(Wan, Ct);
        Assert.False(third.IsCompleted);

        Runner.Configure(maxConcurrency: 3);

        await third.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(3, _fal.State.WebSocketsAccepted);
        Assert.Equal(3, Pool.Snapshot().Open);
    }

    [Fact]
    public async Task SessionDroppedWhileIdle_LeavesThePool_NextAcquireConnectsAgain()
    {
        var first = await Pool.AcquireAsync(Wan, Ct);
        await AnswerAsync(first, "one");
        await Pool.WaitForPoolAsync(p => p.Idle == 1);

        _fal.State.DropIdleWebSockets();
        var dropped = await Pool.WaitForPoolAsync(p => p.Open == 0);
        var second = await Pool.AcquireAsync(Wan, Ct);
        await AnswerAsync(second, "two");

        Assert.Equal(1, dropped.DroppedWhileIdle);
        Assert.NotSame(first, second);
        Assert.False(first.IsOpen);
        Assert.Equal(2, _fal.State.WebSocketsAccepted);
    }

    [Fact]
    public async Task WrongKey_OnTheUpgrade_IsKeyRejected()
    {
        _fal.State.SetFaults(new FaultRule { Kind = FaultKind.Unauthorized, Operation = FakeOperation.WebSocketConnect });

        var refused = await Assert.ThrowsAsync<Core.Generation.ProviderUnavailableException>(() => Pool.AcquireAsync(Wan, Ct));

        Assert.Equal(Core.Domain.ErrorTypes.KeyRejected, refused.Error.Type);
        Assert.StartsWith("fal key rejected (HTTP 401)", refused.Error.Message);
        var status = Pool.Snapshot();
        Assert.Equal(("failing", 0, 0), (status.State, status.Open, status.Connecting));
    }

    /// <summary>Sends one request on <paramref name="session"/> and waits for its complete answer.</summary>
    private async Task AnswerAsync(FalWebSocketSession session, string prompt)
    {
        var exchange = new FalWebSocketExchange(FalWebSocketGenerator.RequestIdPrefix + Guid.NewGuid().ToString("N"), Wan, _time.GetUtcNow());
        await session.SendAsync(exchange, Encoding.UTF8.GetBytes($$"""{"prompt":"{{prompt}}"}"""), Ct);
        var outcome = await exchange.Outcome.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(outcome.Ending == FalWebSocketEnding.Answered, $"{outcome.Ending}: {outcome.Detail}");
        Assert.Equal(200, outcome.Response!.StatusCode);
        Assert.Contains("\"video\"", outcome.Response.Body);
    }
}
