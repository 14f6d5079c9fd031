using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using FalVideo.FakeFal;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Fal;

/// <summary>
/// The real app (<see cref="FalVideoAppFactory"/>) pointed at an in-process fake fal server by configuration only
/// (FAL_KEY, FalVideo:Generator=fal, FalVideo:Fal:*), with short retry delays so fault tests run quickly.
/// </summary>
public sealed class FalHarness : IAsyncDisposable
{
    public const string Key = "harness-key-id:harness-key-secret";

    /// <summary>Fast simulated requests: two queue positions, five steps, keep-alives between events.</summary>
    public static readonly FakeFalBehavior QuickBehavior = new()
    {
        QueuePositions = 2,
        QueueStepInterval = TimeSpan.FromMilliseconds(50),
        Steps = 5,
        StepInterval = TimeSpan.FromMilliseconds(50),
        KeepAliveInterval = TimeSpan.FromMilliseconds(30),
        ExpectedKey = Key, // every call must carry "Authorization: Key <FAL_KEY>" or the fake answers 401
    };

    private readonly bool _ownsFal;
    private readonly bool _ownsDataDirectory;

    private FalHarness(FakeFalServer fal, FalVideoAppFactory app, bool ownsFal, bool ownsDataDirectory)
    {
        Fal = fal;
        App = app;
        _ownsFal = ownsFal;
        _ownsDataDirectory = ownsDataDirectory;
        Client = app.CreateClient();
    }

    public FakeFalServer Fal { get; }
    public FalVideoAppFactory App { get; }
    public HttpClient Client { get; }
    public JobStore Store => App.Services.GetRequiredService<JobStore>();
    public RunnerState Runner => App.Services.GetRequiredService<RunnerState>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<FalHarness> StartAsync(
        FakeFalBehavior? behavior = null,
        IDictionary<string, string?>? settings = null,
        FakeFalServer? fal = null,
        string? dataDirectory = null)
    {
        var ownsFal = fal is null;
        fal ??= await FakeFalServer.StartAsync(behavior ?? QuickBehavior, Ct);
        var all = new Dictionary<string, string?>(fal.FalVideoSettings())
        {
            ["FAL_KEY"] = Key,
            ["FalVideo:Generator"] = "fal",
            ["FalVideo:Jobs:SubmitsPerMinute"] = "0",
            ["FalVideo:Jobs:MaxConcurrency"] = "4",
            ["FalVideo:Fal:RetryBaseDelay"] = "00:00:00.010",
            ["FalVideo:Fal:MaxRetryDelay"] = "00:00:00.100",
            ["FalVideo:Fal:PollInterval"] = "00:00:00.050",
            ["FalVideo:Fal:AttemptTimeout"] = "00:00:05",
            ["FalVideo:Fal:StreamIdleTimeout"] = "00:00:05",
            ["FalVideo:Fal:MediaIdleTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var app = new FalVideoAppFactory(all, dataDirectory: dataDirectory);
        _ = app.Services; // start the host (and the runner) now
        return new FalHarness(fal, app, ownsFal, ownsDataDirectory: dataDirectory is null);
    }

    /// <summary><c>POST /api/jobs</c>; returns the new job's id (fails the test on anything but 202).</summary>
    public async Task<Guid> PostJobAsync(string prompt, JsonObject? parameters = null, string? model = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/jobs", new { prompt, model, parameters }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST /api/jobs: {(int)response.StatusCode} {body}");
        return Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>());
    }

    public async Task<JsonNode> HealthAsync() => JsonNode.Parse(await Client.GetStringAsync("/api/health", Ct))!;

    /// <summary>Waits (driven by the job update hub) until the job satisfies <paramref name="condition"/>.</summary>
    public async Task<JobView> WaitForAsync(Guid jobId, Func<JobView, bool> condition, TimeSpan? timeout = null)
    {
        var hub = App.Services.GetRequiredService<JobUpdateHub>();
        using var subscription = hub.Subscribe(capacity: 4096);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        var current = await Store.GetAsync(jobId, cts.Token);
        if (current is not null && condition(current)) return current;
        try
        {
            await foreach (var update in subscription.Reader.ReadAllAsync(cts.Token))
            {
                if (update.JobId == jobId && update.Job is { } job && condition(job)) return job;
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
        }
        var last = await Store.GetAsync(jobId, CancellationToken.None);
        throw new TimeoutException($"Job {jobId} never reached the expected state; last seen: {last?.Status} {last?.Error?.Type} {last?.Error?.Message}");
    }

    public Task<JobView> WaitForEndAsync(Guid jobId, TimeSpan? timeout = null) => WaitForAsync(jobId, j => j.Status.IsTerminal(), timeout);

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Client.Dispose();
        await App.DisposeAsync();
        if (_ownsFal) await Fal.DisposeAsync();
        if (_ownsDataDirectory) Directory.Delete(App.DataDirectory, recursive: true);
    }
}
