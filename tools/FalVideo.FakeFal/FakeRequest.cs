using System.Globalization;
using System.Text.Json.Nodes;

namespace FalVideo.FakeFal;

/// <summary>
/// One simulated queued request. Its progress is a pure function of time (queue, then one log line per step, then
/// COMPLETED), so status polls and streams agree; a cancel ends it early.
/// </summary>
public sealed class FakeRequest
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required string Id { get; init; }
    public required string ModelId { get; init; }
    public required string AppPath { get; init; }
    public required JsonObject Input { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required FakeFalBehavior Behavior { get; init; }
    public long? OutputSeed { get; init; }
    public int Width { get; init; } = 832;
    public int Height { get; init; } = 480;

    /// <summary>When set, the request fails: COMPLETED + error, and the result is this status and body.</summary>
    public int? ErrorResultStatus { get; init; }
    public JsonObject? ErrorResultBody { get; init; }
    /// <summary>The result is gone this long after completion.</summary>
    public TimeSpan? ExpireAfter { get; init; }

    public DateTimeOffset? CanceledAt { get; private set; }

    public DateTimeOffset RunStart => CreatedAt + Behavior.QueueStepInterval * Behavior.QueuePositions;
    public DateTimeOffset CompleteAt => CanceledAt is { } canceled && canceled < NaturalEnd ? canceled : NaturalEnd;
    private DateTimeOffset NaturalEnd => RunStart + Behavior.StepInterval * Behavior.Steps;

    /// <summary>Completes when the request changes other than by time passing (a cancel).</summary>
    public Task Changed { get { lock (_lock) { return _changed.Task; } } }

    public FakeStatus StatusAt(DateTimeOffset now)
    {
        if (now >= CompleteAt)
        {
            var canceled = CanceledAt is not null && CanceledAt < NaturalEnd;
            var error = canceled ? ("Request was cancelled", "client_cancelled")
                : ErrorResultStatus is { } code ? ($"Invalid status code: {code}", code == 422 ? "validation_error" : "runner_server_error")
                : ((string?)null, (string?)null);
            return new FakeStatus(FakeState.Completed, 0, LogCountAt(CompleteAt), error.Item1, error.Item2);
        }
        if (now < RunStart)
        {
            var step = Behavior.QueueStepInterval;
            var position = step <= TimeSpan.Zero ? 0 : (int)Math.Ceiling((RunStart - now) / step) - 1;
            return new FakeStatus(FakeState.InQueue, Math.Max(0, position), 0, null, null);
        }
        return new FakeStatus(FakeState.InProgress, 0, LogCountAt(now), null, null);
    }

    /// <summary>The next instant the status changes by itself (null when it is final).</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset now)
    {
        if (now >= CompleteAt) return null;
        var (origin, step, limit) = now < RunStart
            ? (RunStart, Behavior.QueueStepInterval, RunStart)
            : (RunStart, Behavior.StepInterval, CompleteAt);
        if (step <= TimeSpan.Zero) return limit;
        var next = origin + step * (Math.Floor((now - origin) / step) + 1);
        return next < limit ? next : limit;
    }

    /// <summary>Log lines 0..count-1: "Loading model" then "step k/n".</summary>
    public JsonArray Logs(int from, int count)
    {
        var logs = new JsonArray();
        for (var i = from; i < count; i++)
        {
            var at = RunStart + Behavior.StepInterval * i;
            logs.Add(new JsonObject
            {
                ["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["level"] = "INFO",
                ["source"] = "USER",
                ["message"] = i == 0 ? $"Loading model for {ModelId}" : $"step {i}/{Behavior.Steps}",
            });
        }
        return logs;
    }

    /// <summary>Cancels if not finished. Returns the state it was in.</summary>
    public FakeState Cancel(DateTimeOffset now)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            var state = StatusAt(now).State;
            if (state == FakeState.Completed) return state;
            CanceledAt = now;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
            return state;
        }
    }

    public bool IsExpired(DateTimeOffset now) =>
        (ExpireAfter ?? Behavior.ResultRetention) is { } keep && StatusAt(now).State == FakeState.Completed && now - CompleteAt > keep;

    private int LogCountAt(DateTimeOffset at) =>
        at < RunStart ? 0 : Behavior.StepInterval <= TimeSpan.Zero ? Behavior.Steps + 1 : Math.Min(Behavior.Steps + 1, 1 + (int)Math.Floor((at - RunStart) / Behavior.StepInterval));
}
