using System.Net.Http.Json;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Jobs;

public sealed class SecretHandlingTests
{
    private const string Key = "test-key-id-7f3a:test-key-secret-91c4e2";

    [Fact]
    public async Task FalKey_NeverAppearsInResponsesOrLogFiles()
    {
        await using var app = new FalVideoAppFactory(new Dictionary<string, string?> { ["FAL_KEY"] = Key });
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var bodies = new List<string>
        {
            await client.GetStringAsync("/api/health", ct),
            await (await client.PostAsJsonAsync("/api/jobs", new { prompt = "a secret-free cat" }, ct)).Content.ReadAsStringAsync(ct),
            await (await client.PostAsJsonAsync("/api/jobs", new { prompt = "" }, ct)).Content.ReadAsStringAsync(ct),
            await client.GetStringAsync("/api/jobs", ct),
            await client.GetStringAsync("/", ct),
        };
        await app.DisposeAsync(); // flush and close the log file

        var logs = Directory.GetFiles(Path.Combine(app.DataDirectory, "logs"), "*.log").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.Contains("HTTP POST /api/jobs", StringComparison.Ordinal));
        foreach (var text in bodies.Concat(logs))
        {
            Assert.DoesNotContain("test-key-secret-91c4e2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("test-key-id-7f3a", text, StringComparison.Ordinal);
        }
    }
}
