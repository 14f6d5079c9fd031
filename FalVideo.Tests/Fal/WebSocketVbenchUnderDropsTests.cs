using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Core.Fal;
using FalVideo.Core.Jobs;
using FalVideo.FakeFal;

namespace FalVideo.Tests.Fal;

/// <summary>
/// Issue 6's "done when": the first 20 prompts of vbench_sample50.csv through <c>POST /api/jobs</c> with
/// <c>Transport = WebSocket</c> while the fake drops connections — before <c>start</c>, between <c>start</c> and
/// <c>end</c>, and while idle — and sometimes refuses the upgrade. Every job ends completed, or interrupted with the
/// reason; the pool never holds more connections than MaxConcurrency; no request is sent twice.
/// </summary>
public sealed class WebSocketVbenchUnderDropsTests
{
    private const int MaxConcurrency = 3;

    private static readonly FaultRule[] Drops =
    [
        // A few of each for certain (so the outcome means something), then more at random (seeded).
        new() { Kind = FaultKind.DropBeforeStart, Operation = FakeOperation.WebSocketRequest, Times = 1 },
        new() { Kind = FaultKind.DropAfterStart, Operation = FakeOperation.WebSocketRequest, Times = 2 },
        new() { Kind = FaultKind.DropAfterEnd, Operation = FakeOperation.WebSocketRequest, Times = 2 },
        new() { Kind = FaultKind.DropBeforeStart, Operation = FakeOperation.WebSocketRequest, Probability = 0.1 },
        new() { Kind = FaultKind.DropAfterStart, Operation = FakeOperation.WebSocketRequest, Probability = 0.15 },
        new() { Kind = FaultKind.DropAfterEnd, Operation = FakeOperation.WebSocketRequest, Probability = 0.2 },
        new() { Kind = FaultKind.HttpStatus, Operation = FakeOperation.WebSocketConnect, StatusCode = 503, Probability = 0.2 },
    ];

    [Fact]
    public async Task TwentyVbenchPrompts_UnderDrops_EndCompletedOrInterruptedWithTheReason_NoRequestSentTwice()
    {
        var rows = VbenchUnderFaultsTests.ReadRows(20);
        await using var h = await WebSocketTesting.StartAsync(extra: ("FalVideo:Jobs:MaxConcurrency", MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        h.Fal.State.SetFaults(Drops);

        var ids = new List<Guid>();
        foreach (var (prompt, parameters) in rows) ids.Add(await h.PostJobAsync(prompt, parameters));
        var jobs = new List<JobView>();
        foreach (var id in ids) jobs.Add(await h.WaitForEndAsync(id, TimeSpan.FromMinutes(3)));

        var fired = h.Fal.State.FaultsFired;
        var summary = string.Join(", ", jobs.GroupBy(j => j.Status).Select(g => $"{g.Key.ToWire()} {g.Count()}"));
        var faults = string.Join(", ", fired.Select(f => $"{f.Key} {f.Value}"));
        var pool = h.Pool().Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine($"jobs: {summary}; faults fired: {faults}; connections accepted {h.Fal.State.WebSocketsAccepted}, peak open {h.Fal.State.PeakOpenWebSockets}; pool {pool}");
        foreach (var job in jobs.Where(j => j.Status != JobStatus.Completed))
            TestContext.Current.TestOutputHelper?.WriteLine($"{job.Status.ToWire()} [{job.Error?.Type}] {job.Error?.Message}");

        Assert.True(fired[FaultKind.DropBeforeStart] >= 1 && fired[FaultKind.DropAfterStart] >= 2 && fired[FaultKind.DropAfterEnd] >= 2, faults);

        foreach (var (job, (prompt, parameters)) in jobs.Zip(rows))
        {
            Assert.Equal(prompt, job.Prompt);
            Assert.Contains(job.Status, new[] { JobStatus.Completed, JobStatus.Interrupted });
            if (job.Status == JobStatus.Completed)
            {
                Assert.True(job.HasVideo);
                Assert.Equal(parameters["seed"]!.GetValue<long>(), job.Seed);
            }
            else
            {
                Assert.Contains(job.Error!.Type, new[] { ErrorTypes.ConnectionLost, ErrorTypes.SubmitOutcomeUnknown });
                Assert.Contains(FalWebSocketGenerator.ConnectionLostMessage, job.Error.Message);
            }
            // No request sent twice: the fake received each (model, prompt, seed) at most once — once for every job it reached.
            var received = h.Fal.State.AcceptedFor(FalModels.Wan21T2V13B, prompt, parameters["seed"]!.GetValue<long>());
            Assert.True(received <= 1, $"'{prompt}' was sent {received} times");
            if (job.Status == JobStatus.Completed || job.Error!.Type == ErrorTypes.ConnectionLost) Assert.Equal(1, received);
        }
        Assert.True(jobs.Count(j => j.Status == JobStatus.Completed) >= 10, summary);
        Assert.Equal(h.Fal.State.Calls(FakeOperation.WebSocketRequest), h.Fal.State.AcceptedSubmitCount);
        Assert.True(h.Fal.State.AcceptedSubmitCount <= rows.Count);

        // Never more connections than the pool allows, and connections were reused: a new one only after a drop.
        Assert.InRange(h.Fal.State.PeakOpenWebSocketsByModel[FalModels.Wan21T2V13B], 1, MaxConcurrency);
        Assert.InRange(pool.PeakOpenPerEndpoint, 1, MaxConcurrency);
        var drops = fired.GetValueOrDefault(FaultKind.DropBeforeStart) + fired.GetValueOrDefault(FaultKind.DropAfterStart) + fired.GetValueOrDefault(FaultKind.DropAfterEnd);
        Assert.InRange(h.Fal.State.WebSocketsAccepted, 1, MaxConcurrency + drops);
        Assert.True(h.Fal.State.WebSocketsAccepted < rows.Count, $"{h.Fal.State.WebSocketsAccepted} connections for {rows.Count} requests");
    }
}
