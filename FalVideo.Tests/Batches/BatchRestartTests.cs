using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Batches;

/// <summary>A batch survives the app stopping mid-run: a new app on the same data directory carries it to the end.</summary>
public sealed class BatchRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BatchStoppedMidRun_NewAppOnSameData_ResumesAndFinishes_EachRowSubmittedOnce()
    {
        var generator = new ScriptedGenerator();
        var data = Directory.CreateTempSubdirectory("falvideo-batch-restart-").FullName;
        var settings = new Dictionary<string, string?> { ["FalVideo:Jobs:MaxConcurrency"] = "2" };
        var csv = Encoding.UTF8.GetBytes("prompt\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"restart row {i}: rain on a tin roof\n")));
        Guid id;
        string[] inFlightAtStop;

        await using (var first = BatchApp.Create(generator, settings, data))
        {
            var client = first.CreateClient();
            var created = await client.PostAsync("/api/batches", BatchApp.Form(csv, "restart.csv", new Dictionary<string, string> { ["start"] = "true" }), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.JsonAsync()).GetProperty("batch").GetProperty("id").GetGuid();
            generator.Complete(await generator.Submitted.ReadAsync(Ct));
            inFlightAtStop = [await generator.Submitted.ReadAsync(Ct), await generator.Submitted.ReadAsync(Ct)];
            await client.WaitForBatchAsync(id, b => b.Count("completed") == 1 && b.Count("running") == 2);
        } // the app stops: two requests are still with the provider, seven rows were never sent

        await using var second = BatchApp.Create(generator, settings, data);
        var after = second.CreateClient();
        var resumed = await after.WaitForBatchAsync(id, b => b.Count("running") + b.Count("queued") >= 2);
        Assert.Equal("running", resumed.GetProperty("status").GetString());
        foreach (var request in inFlightAtStop) generator.Complete(request);
        for (var i = 0; i < 7; i++) generator.Complete(await generator.Submitted.ReadAsync(Ct));

        var done = await after.WaitForBatchAsync(id, b => b.GetProperty("status").GetString() == "finished");
        Assert.Equal(10, done.Count("completed"));
        Assert.Equal(10, generator.SubmitsPerJob.Count);
        Assert.All(generator.SubmitsPerJob.Values, n => Assert.Equal(1, n));

        using var zip = new ZipArchive(new MemoryStream(await after.GetByteArrayAsync($"/api/batches/{id}/zip", Ct)));
        Assert.Equal(10, zip.Entries.Count(e => e.FullName.EndsWith(".mp4", StringComparison.Ordinal)));
        Assert.Equal("0001_restart-row-1-rain-on-a-tin-roof.mp4", zip.Entries[0].FullName);
    }
}
