using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Storage;

public sealed class JobStoreTests
{
    [Fact]
    public async Task CreateThenRead_RoundTripsEveryFieldThroughSqlite()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator);
        host.State.PauseByUser();
        var ct = TestContext.Current.CancellationToken;

        var created = await host.Store.CreateAsync(new NewJob("桜の下を走る柴犬", "fal-ai/wan/v2.1/1.3b/text-to-video",
            new JsonObject { ["seed"] = 7, ["aspect_ratio"] = "9:16" }, EstimatedCost: 0.2m), ct);
        await host.Store.UpdateAsync(created.Id, j =>
        {
            host.Store.AppendLogs(j, ["step 1/30", "step 2/30"]);
            j.Progress = 0.25;
        }, ct);

        var read = await host.Store.GetAsync(created.Id, ct);
        Assert.NotNull(read);
        Assert.Equal("桜の下を走る柴犬", read.Prompt);
        Assert.Equal(JobStatus.Pending, read.Status);
        Assert.Equal(7, read.Seed);
        Assert.Equal("9:16", read.Parameters["aspect_ratio"]!.GetValue<string>());
        Assert.Equal(["step 1/30", "step 2/30"], read.Logs);
        Assert.Equal(0.25, read.Progress);
        Assert.Equal(0.2m, read.EstimatedCost);
        Assert.Equal(1, read.Attempts);
    }

    [Fact]
    public async Task Transition_Illegal_IsRefusedAndNothingChanges()
    {
        await using var host = await CoreHost.StartAsync(new ScriptedGenerator());
        host.State.PauseByUser();
        var ct = TestContext.Current.CancellationToken;
        var job = await host.Store.CreateAsync(new NewJob("a cat", "m"), ct);

        var ex = await Assert.ThrowsAsync<IllegalTransitionException>(() => host.Store.TransitionAsync(job.Id, JobStatus.Completed, cancellationToken: ct));

        Assert.Equal(JobStatus.Pending, ex.From);
        Assert.Equal(JobStatus.Pending, (await host.Store.GetAsync(job.Id, ct))!.Status);
    }

    [Fact]
    public async Task Retry_KeepsThePreviousAttemptsRequestIdAndReason()
    {
        await using var host = await CoreHost.StartAsync(new ScriptedGenerator());
        host.State.PauseByUser();
        var ct = TestContext.Current.CancellationToken;
        var job = await host.Store.CreateAsync(new NewJob("a cat", "m"), ct);
        await host.Store.TransitionAsync(job.Id, JobStatus.Canceled, j => { j.RequestId = "req-1"; j.ErrorType = "x"; j.ErrorMessage = "why"; }, ct);

        var retried = await host.Store.RetryAsync(job.Id, ct);

        Assert.Equal(JobStatus.Pending, retried.Status);
        Assert.Equal(2, retried.Attempts);
        Assert.Null(retried.RequestId);
        var earlier = Assert.Single(retried.PreviousAttempts);
        Assert.Equal("req-1", earlier.RequestId);
        Assert.Equal("why", earlier.Error!.Message);
    }

    [Fact]
    public async Task Query_FiltersByStatusAndText_AndPages()
    {
        await using var host = await CoreHost.StartAsync(new ScriptedGenerator());
        host.State.PauseByUser();
        var ct = TestContext.Current.CancellationToken;
        await host.Store.CreateManyAsync(Enumerable.Range(1, 30).Select(i => new NewJob(i % 2 == 0 ? $"a dog {i}" : $"a cat {i}", "m")), ct);

        var dogs = await host.Store.QueryAsync(new JobQuery { Text = "dog", PageSize = 10, Page = 2 }, ct);

        Assert.Equal(15, dogs.Total);
        Assert.Equal(5, dogs.Items.Count);
        Assert.All(dogs.Items, j => Assert.Contains("dog", j.Prompt));
    }
}
