using System.Net.Http.Json;
using System.Text.Json;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Recovery;

/// <summary>The foundation's promise, end to end: kill -9 while ten jobs run, start again, all ten complete.</summary>
public sealed class KillAndRestartTests
{
    [Fact]
    public async Task KillDashNine_WhileTenJobsRun_RestartCompletesAllTen()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("falvideo-kill9-").FullName;
        var prompts = File.ReadLines(TestFiles.Path("vbench_sample50.csv")).Skip(1).Take(10)
            .Select((_, i) => $"kill -9 test prompt {i}: a tranquil lake at dawn").ToList();
        var ids = new List<Guid>();

        await using (var app = await AppProcess.StartAsync(data, cancellationToken: ct))
        {
            using var client = new HttpClient { BaseAddress = app.Address };
            foreach (var prompt in prompts)
            {
                var response = await client.PostAsJsonAsync("/api/jobs", new { prompt }, ct);
                response.EnsureSuccessStatusCode();
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid());
            }
            // Wait until work is really under way (something is rendering), then pull the plug.
            await WaitUntilAsync(client, jobs => jobs.Any(j => j is "running" or "downloading" or "completed"), ct);
            await app.KillAsync();
        }

        await using var restarted = await AppProcess.StartAsync(data, cancellationToken: ct);
        using var after = new HttpClient { BaseAddress = restarted.Address };
        var final = await WaitUntilAsync(after, jobs => jobs.Count == 10 && jobs.All(s => s is "completed" or "failed" or "interrupted" or "canceled"), ct, TimeSpan.FromMinutes(3));
        Assert.All(final, status => Assert.Equal("completed", status));
        foreach (var id in ids)
        {
            var video = await after.GetAsync($"/api/jobs/{id}/video", ct);
            Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<List<string>> WaitUntilAsync(HttpClient client, Func<List<string>, bool> condition, CancellationToken ct, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/jobs?pageSize=100", ct);
            var statuses = page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("status").GetString()!).ToList();
            if (condition(statuses)) return statuses;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Statuses never matched: {string.Join(", ", statuses)}");
            // Observing another process over HTTP: a short poll interval is the only signal there is.
            await Task.Delay(200, ct);
        }
    }
}
