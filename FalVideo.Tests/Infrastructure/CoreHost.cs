using FalVideo.Core.DependencyInjection;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FalVideo.Tests.Infrastructure;

/// <summary>The Core engine alone (real SQLite, real runner) in a generic host on a data directory, with test generators.</summary>
public sealed class CoreHost : IAsyncDisposable
{
    private CoreHost(IHost host, string dataDirectory)
    {
        Host = host;
        DataDirectory = dataDirectory;
    }

    public IHost Host { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => Host.Services;
    public JobStore Store => Services.GetRequiredService<JobStore>();
    public JobCommands Commands => Services.GetRequiredService<JobCommands>();
    public JobRunner Runner => Services.GetRequiredService<JobRunner>();
    public RunnerState State => Services.GetRequiredService<RunnerState>();
    public JobUpdateHub Hub => Services.GetRequiredService<JobUpdateHub>();

    public static async Task<CoreHost> StartAsync(
        IVideoGenerator generator,
        string? dataDirectory = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("falvideo-core-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        var config = new Dictionary<string, string?>
        {
            ["FalVideo:DataDirectory"] = dataDirectory,
            ["FalVideo:Generator"] = generator.Name,
            ["FalVideo:Jobs:SubmitsPerMinute"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddFalVideoCore(builder.Configuration, dataDirectory);
        builder.Services.AddSingleton(generator);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new CoreHost(host, dataDirectory);
    }

    /// <summary>Waits until the job satisfies <paramref name="condition"/>, driven by the hub (no polling sleeps).</summary>
    public async Task<JobView> WaitForAsync(Guid jobId, Func<JobView, bool> condition, TimeSpan? timeout = null)
    {
        using var subscription = Hub.Subscribe(capacity: 4096);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var current = await Store.GetAsync(jobId, cts.Token);
        if (current is not null && condition(current)) return current;
        try
        {
            await foreach (var update in subscription.Reader.ReadAllAsync(cts.Token))
            {
                if (update.JobId == jobId && update.Job is { } job && condition(job)) return job;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }
        var last = await Store.GetAsync(jobId, CancellationToken.None);
        throw new TimeoutException($"Job {jobId} never reached the expected state; last seen: {last?.Status} {last?.Error?.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
