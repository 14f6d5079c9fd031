using System.Text.Json.Nodes;
using FalVideo.Core.Batches;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using FalVideo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Batches;

public sealed class BatchServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_QueuesOnlyValidRows_WithRowLineAndEstimate_KeepsSourceAndRejected()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator);
        var csv = "prompt,seed\nfirst,1\nsecond,abc\n\nthird,3\n   ,4\n";

        var batch = await host.CreateBatchAsync(csv, new BatchRunOptions(Start: false));

        Assert.Equal(BatchStatus.Paused, batch.Status);
        Assert.Equal(4, batch.TotalRows);
        Assert.Equal(2, batch.RejectedRows);
        Assert.Equal(new BatchCounts(2, 0, 0, 0, 0, 0, 0), batch.Counts);
        Assert.Equal(0.40m, batch.EstimatedCost);
        var jobs = await host.Services.GetRequiredService<BatchStore>().JobsAsync(batch.Id, Ct).ToListAsync(Ct);
        Assert.Equal([("first", 1, 2), ("third", 3, 5)], jobs.Select(j => (j.Prompt, j.RowNumber!.Value, j.LineNumber!.Value)));
        Assert.All(jobs, j => Assert.Equal(0.20m, j.EstimatedCost));
        Assert.Equal(1L, jobs[0].Seed);

        var files = host.Services.GetRequiredService<BatchFiles>();
        Assert.Equal(csv, File.ReadAllText(files.Source(batch.Id)));
        var rejected = await host.Batches().RejectedAsync(batch.Id, Ct);
        Assert.Equal([(2, 3), (4, 6)], rejected.Rows.Select(r => (r.RowNumber, r.Line)));
        Assert.Contains("'abc' must be a whole number", rejected.Rows[0].Errors[0]);
        Assert.Equal(["prompt", "seed"], rejected.Header);

        // Paused from the start: nothing was sent.
        Assert.Equal(0, generator.TotalSubmits);
    }

    [Fact]
    public async Task Create_NoValidRows_Refused()
    {
        await using var host = await CoreHost.StartAsync(new ScriptedGenerator());
        var ex = await Assert.ThrowsAsync<BatchStateException>(() => host.CreateBatchAsync("prompt,seed\na,x\n"));
        Assert.Equal(BatchStateException.NoValidRows, ex.Code);
    }

    [Fact]
    public async Task Create_InvalidRunOptions_RefusedNamingTheField()
    {
        await using var host = await CoreHost.StartAsync(new ScriptedGenerator());
        var ex = await Assert.ThrowsAsync<JobInputException>(() => host.CreateBatchAsync("prompt\na\n", new BatchRunOptions(MaxConcurrency: 0, BudgetCap: -1)));
        Assert.Equal(["maxConcurrency", "budgetCap"], ex.Fields.Select(f => f.Field));
    }

    [Fact]
    public async Task PauseResume_PausedBatchDispatchesNothing_RunningJobsFinish()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "1" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(3));
        var first = await generator.Submitted.ReadAsync(Ct);

        var paused = await host.Batches().PauseAsync(batch.Id, Ct);
        Assert.Equal(BatchStatus.Paused, paused.Status);
        generator.Complete(first);
        await host.WaitForBatchAsync(batch.Id, b => b.Counts.Completed == 1);
        // The runner has been woken (a slot freed) and still claims nothing from the paused batch.
        Assert.False(await host.Store.HasDispatchablePendingAsync(Ct));
        Assert.Equal(1, generator.TotalSubmits);

        await host.Batches().ResumeAsync(batch.Id, Ct);
        generator.Complete(await generator.Submitted.ReadAsync(Ct));
        generator.Complete(await generator.Submitted.ReadAsync(Ct));
        var done = await host.WaitForBatchAsync(batch.Id, b => b.Status == BatchStatus.Finished);
        Assert.Equal(3, done.Counts.Completed);
        Assert.Equal(3, generator.TotalSubmits);
        Assert.Null(done.Eta);
    }

    [Fact]
    public async Task Cancel_PendingCanceledAtOnce_InFlightThroughProvider_FinishedKept()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "2" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(6));
        var a = await generator.Submitted.ReadAsync(Ct);
        var b = await generator.Submitted.ReadAsync(Ct);
        generator.Complete(a);
        await host.WaitForBatchAsync(batch.Id, v => v.Counts.Completed == 1);
        var c = await generator.Submitted.ReadAsync(Ct); // the freed slot was refilled
        await host.WaitForBatchAsync(batch.Id, v => v.Counts.Running == 2);

        var canceled = await host.Batches().CancelAsync(batch.Id, Ct);

        Assert.Equal(BatchStatus.Canceled, canceled.Status);
        Assert.Equal(new BatchCounts(0, 0, 0, 1, 0, 5, 0), canceled.Counts);
        Assert.Equal(new[] { b, c }.Order(), generator.CancelCalls.Order());
        Assert.Equal(3, generator.TotalSubmits);
        await Assert.ThrowsAsync<BatchStateException>(() => host.Batches().ResumeAsync(batch.Id, Ct));
    }

    [Fact]
    public async Task RetryFailed_RetriesOnlyFailedRows()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "3" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(3));
        var requests = new[] { await generator.Submitted.ReadAsync(Ct), await generator.Submitted.ReadAsync(Ct), await generator.Submitted.ReadAsync(Ct) };
        generator.Complete(requests[0]);
        generator.Fail(requests[1], new JobError(ErrorTypes.Provider, "content policy"));
        generator.Fail(requests[2], new JobError(ErrorTypes.Provider, "content policy"));
        await host.WaitForBatchAsync(batch.Id, v => v.Status == BatchStatus.Finished);

        var (after, retried) = await host.Batches().RetryFailedAsync(batch.Id, Ct);

        Assert.Equal(2, retried);
        Assert.Equal(BatchStatus.Running, after.Status);
        var second = new[] { await generator.Submitted.ReadAsync(Ct), await generator.Submitted.ReadAsync(Ct) };
        foreach (var id in second) generator.Complete(id);
        var done = await host.WaitForBatchAsync(batch.Id, v => v.Status == BatchStatus.Finished);
        Assert.Equal(3, done.Counts.Completed);
        Assert.Equal(5, generator.TotalSubmits);
        Assert.Equal(2, generator.SubmitsPerJob.Values.Count(n => n == 2));
    }

    [Fact]
    public async Task BatchConcurrency_LimitsItsJobsInFlightBelowTheGlobalLimit()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "4" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(5), new BatchRunOptions(MaxConcurrency: 1));

        for (var i = 0; i < 5; i++)
        {
            var request = await generator.Submitted.ReadAsync(Ct);
            Assert.Equal(1, host.Runner.InFlightCount);
            generator.Complete(request);
        }
        await host.WaitForBatchAsync(batch.Id, v => v.Status == BatchStatus.Finished);
        Assert.Equal(1, generator.PeakWatching);
    }

    [Fact]
    public async Task BudgetCap_HoldsJobsThatWouldPassIt_AndSaysSo()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var host = await CoreHost.StartAsync(generator);
        // Wan 2.1 is $0.20 a video (the generator reports that as the actual cost too): a $0.50 cap allows two.
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(5), new BatchRunOptions(BudgetCap: 0.50m));

        var held = await host.WaitForBatchAsync(batch.Id, v => v.Counts.Completed == 2 && v.HeldByBudget);
        Assert.Equal(0.40m, held.Spend);
        Assert.Equal(3, held.Counts.Pending);
        Assert.Equal(BatchStatus.Running, held.Status);
        Assert.Equal(2, generator.TotalSubmits);
    }

    [Fact]
    public async Task OfflineRenders_AreFree_NeitherBudgetNorCapHoldsThem()
    {
        // The catalog prices Wan 2.1 at $0.20 a video, but the offline renderer costs nothing: a $0 daily budget and a
        // $0.10 cap must not hold a single free render back, and nothing counts as spend.
        var generator = new ScriptedGenerator(GeneratorRegistry.Offline) { AutoComplete = true };
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:DailyBudget"] = "0" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(3), new BatchRunOptions(BudgetCap: 0.10m));

        var done = await host.WaitForBatchAsync(batch.Id, v => v.Status == BatchStatus.Finished);

        Assert.Equal(3, done.Counts.Completed);
        Assert.Equal(0m, done.Spend);
        Assert.False(done.HeldByBudget);
        Assert.Null(host.State.BudgetReached);
        Assert.Equal(0m, await host.Store.SpendAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task SubmitDelay_SpacesTheBatchsSubmits()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "4" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(3), new BatchRunOptions(SubmitDelaySeconds: 0.5));

        await host.WaitForBatchAsync(batch.Id, v => v.Status == BatchStatus.Finished);
        Assert.Equal(3, generator.TotalSubmits);
        // The submit times the engine stores (written just before each call to the provider) — the generator's own clock
        // would add the engine's scheduling jitter between that write and its call.
        var jobs = await host.Store.QueryAsync(new JobQuery { BatchId = batch.Id, Sort = JobSort.RowNumber }, Ct);
        var times = jobs.Items.Select(j => j.SubmittedAt!.Value).Order().ToList();
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(0.5), $"submits {i - 1} and {i} were {(times[i] - times[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    [Fact]
    public async Task Rerun_WithAnotherModel_RereadsTheUploadForThatModel()
    {
        var generator = new ScriptedGenerator { AutoComplete = true };
        await using var host = await CoreHost.StartAsync(generator);
        var batch = await host.CreateBatchAsync("prompt,num_inference_steps\nA cat,40\nA dog,30\n",
            request: new ImportRequest(DefaultParameters: new JsonObject { ["aspect_ratio"] = "9:16", ["num_inference_steps"] = 20 }, FileName: "animals.csv"));
        await host.WaitForBatchAsync(batch.Id, v => v.Status == BatchStatus.Finished);

        var (preview, source) = await host.Batches().PreviewRerunAsync(batch.Id, FalModels.Kling21Master, Ct);

        Assert.Equal(FalModels.Kling21Master, preview.ModelId);
        Assert.Equal(["A cat", "A dog"], preview.Rows.Select(r => r.Prompt));
        // Kling has aspect_ratio but no num_inference_steps: the default is kept, the column is ignored (and said so).
        Assert.Equal("{\"aspect_ratio\":\"9:16\"}", preview.DefaultParameters.ToJsonString());
        Assert.Contains(preview.FileMessages, m => m.Code == "column_not_in_model" && m.Text.Contains("num_inference_steps"));
        Assert.Equal(2 * 1.40m, preview.EstimatedCost);
        var rerun = await host.Batches().CreateAsync(preview, source, new BatchRunOptions(), Ct);
        Assert.Equal(FalModels.Kling21Master, rerun.ModelId);
        Assert.Equal("animals", rerun.Name);
        await host.WaitForBatchAsync(rerun.Id, v => v.Status == BatchStatus.Finished);
    }

    [Fact]
    public async Task Eta_FromTheObservedRate_WhileRunning()
    {
        var generator = new ScriptedGenerator();
        await using var host = await CoreHost.StartAsync(generator, settings: new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "1" });
        var batch = await host.CreateBatchAsync(BatchTestHost.Csv(4));
        Assert.Null((await host.Batches().GetAsync(batch.Id, Ct))!.Eta);
        generator.Complete(await generator.Submitted.ReadAsync(Ct));
        var view = await host.WaitForBatchAsync(batch.Id, v => v.Counts.Completed == 1);
        Assert.NotNull(view.Eta);
        Assert.True(view.Eta > TimeSpan.Zero);
    }
}
