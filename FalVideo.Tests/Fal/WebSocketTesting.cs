using FalVideo.Core.Fal;
using FalVideo.FakeFal;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Fal;

/// <summary>Settings and waits for tests of the WebSocket transport (the app pointed at the fake's <c>/ws</c> endpoint).</summary>
internal static class WebSocketTesting
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>FalHarness settings for <c>Transport = WebSocket</c>, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["FalVideo:Fal:Transport"] = "WebSocket" };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public static Task<FalHarness> StartAsync(FakeFalBehavior? behavior = null, FakeFalServer? fal = null, string? dataDirectory = null, params (string Key, string? Value)[] extra) =>
        FalHarness.StartAsync(behavior, Settings(extra), fal, dataDirectory);

    public static FalWebSocketPool Pool(this FalHarness h) => h.App.Services.GetRequiredService<FalWebSocketPool>();

    /// <summary>Waits (driven by the pool's Changed event) until the pool satisfies <paramref name="condition"/>.</summary>
    public static async Task<FalWebSocketPoolStatus> WaitForPoolAsync(this FalWebSocketPool pool, Func<FalWebSocketPoolStatus, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged() => changed.TrySetResult();
            pool.Changed += OnChanged;
            try
            {
                var now = pool.Snapshot();
                if (condition(now)) return now;
                await changed.Task.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The WebSocket pool never reached the expected state; last: {pool.Snapshot()}");
            }
            finally
            {
                pool.Changed -= OnChanged;
            }
        }
    }

    /// <summary>Waits (driven by the fake's connection events) until the fake's WebSocket side satisfies <paramref name="condition"/>.</summary>
    public static async Task WaitForSocketsAsync(this FakeFalServer fal, Func<FakeFalState, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await fal.State.WaitForWebSocketsAsync(condition, cts.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The fake's WebSockets never reached the expected state: open {fal.State.OpenWebSockets}, accepted {fal.State.WebSocketsAccepted}");
        }
    }
}
