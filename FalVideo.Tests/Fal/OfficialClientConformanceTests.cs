using System.Diagnostics;
using System.Text.Json.Nodes;
using FalVideo.FakeFal;
using FalVideo.Tests.Infrastructure;

namespace FalVideo.Tests.Fal;

/// <summary>
/// The fake fal server must satisfy the official <c>@fal-ai/client</c> (tools/fal-conformance, pinned 1.10.1):
/// subscribe with logs (polling and streaming), result, cancel, and a 422 surfaced as a ValidationError naming the field.
/// </summary>
public sealed class OfficialClientConformanceTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tools", "fal-conformance");

    [Fact]
    public async Task OfficialClient_AcceptsTheFake()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "@fal-ai", "client")),
            $"@fal-ai/client is not installed: run `npm ci` in {Folder} (CI's .ci/run does this).");
        await using var fal = await FakeFalServer.StartAsync(cancellationToken: ct);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("conformance.mjs");
        start.ArgumentList.Add(fal.BaseUrl.ToString());
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var stdout = node.StandardOutput.ReadToEndAsync(ct);
        var stderr = node.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        var report = $"exit {node.ExitCode}\n{output}\n{await stderr}";

        Assert.True(node.ExitCode == 0, report);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var summary = lines.Single(l => l["summary"] is not null);
        Assert.Equal("1.10.1", summary["client"]!.GetValue<string>());
        Assert.Equal(0, summary["failed"]!.GetValue<int>());
        Assert.Equal(
            ["subscribe-polling-with-logs", "subscribe-streaming-with-logs", "submit-status-result", "cancel", "validation-error-422", "subpath-rule"],
            lines.Where(l => l["name"] is not null && l["ok"]!.GetValue<bool>()).Select(l => l["name"]!.GetValue<string>()));
        // Every accepted submit came from the script: 2 subscribes, submit-status-result, cancel (the 422 was refused).
        Assert.Equal(4, fal.State.AcceptedSubmitCount);
    }
}
