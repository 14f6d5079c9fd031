using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Hosting;

/// <summary>Each host writes its own log file, even with other hosts in the same process (as in the tests).</summary>
public sealed class LoggingIsolationTests
{
    [Fact]
    public async Task AnotherHostStopping_DoesNotSilenceOrMixIntoThisHostsLog()
    {
        var ct = TestContext.Current.CancellationToken;
        var keptPath = $"/api/jobs/{Guid.NewGuid()}";
        var stoppedPath = $"/api/jobs/{Guid.NewGuid()}";
        await using var kept = new FalVideoAppFactory();
        await using var stopped = new FalVideoAppFactory();
        using var keptClient = kept.CreateClient();
        using (var stoppedClient = stopped.CreateClient()) await stoppedClient.GetAsync(stoppedPath, ct);
        await stopped.DisposeAsync();

        await keptClient.GetAsync(keptPath, ct);
        await kept.DisposeAsync(); // flush and close the log file

        var keptLog = ReadLogs(kept);
        var stoppedLog = ReadLogs(stopped);
        Assert.Contains($"HTTP GET {keptPath} responded 404", keptLog, StringComparison.Ordinal);
        Assert.Contains($"HTTP GET {stoppedPath} responded 404", stoppedLog, StringComparison.Ordinal);
        Assert.DoesNotContain(stoppedPath, keptLog, StringComparison.Ordinal);
        Assert.DoesNotContain(keptPath, stoppedLog, StringComparison.Ordinal);
    }

    private static string ReadLogs(FalVideoAppFactory app) =>
        string.Concat(Directory.GetFiles(Path.Combine(app.DataDirectory, "logs"), "*.log").Select(File.ReadAllText));
}
