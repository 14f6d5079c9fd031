using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FalVideo.FakeFal;

/// <summary>
/// Everything the fake knows: behaviour, injected faults, requests, and how many submits it accepted per
/// (model, prompt, seed) — the number a test checks to prove nothing was billed twice. Thread-safe.
/// </summary>
public sealed class FakeFalState(TimeProvider? time = null)
{
    private readonly Lock _lock = new();
    private readonly List<RuleSlot> _rules = [];
    private readonly ConcurrentDictionary<string, FakeRequest> _requests = new();
    private readonly ConcurrentDictionary<FakeSubmitKey, int> _accepted = new();
    private readonly ConcurrentDictionary<FakeOperation, int> _calls = new();
    private readonly ConcurrentQueue<(FakeOperation Operation, DateTimeOffset At)> _callLog = new();
    private readonly Dictionary<FaultKind, int> _fired = [];
    private Random _random = new(12345);
    private FakeFalBehavior _behavior = new();

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    public FakeFalBehavior Behavior
    {
        get { lock (_lock) { return _behavior; } }
        set { lock (_lock) { _behavior = value; _random = new Random(value.RandomSeed); } }
    }

    /// <summary>Replaces all fault rules.</summary>
    public void SetFaults(params FaultRule[] rules)
    {
        lock (_lock)
        {
            _rules.Clear();
            _rules.AddRange(rules.Select(r => new RuleSlot(r)));
        }
    }

    public void AddFault(FaultRule rule)
    {
        lock (_lock) { _rules.Add(new RuleSlot(rule)); }
    }

    public void ClearFaults() => SetFaults();

    public IReadOnlyList<FaultRule> Faults
    {
        get { lock (_lock) { return [.. _rules.Select(r => r.Rule)]; } }
    }

    /// <summary>The first rule of <paramref name="kinds"/> that fires for this call (consuming one of its <see cref="FaultRule.Times"/>).</summary>
    public FaultRule? Take(FakeOperation operation, string? model, params FaultKind[] kinds)
    {
        lock (_lock)
        {
            foreach (var slot in _rules)
            {
                var rule = slot.Rule;
                if (!kinds.Contains(rule.Kind)) continue;
                if (rule.Operation is { } op && op != operation) continue;
                if (rule.Model is { } m && m != model) continue;
                if (rule.Times is not null)
                {
                    if (slot.Remaining <= 0) continue;
                    slot.Remaining--;
                }
                else if (rule.Probability is { } p && _random.NextDouble() >= p)
                {
                    continue;
                }
                _fired[rule.Kind] = _fired.GetValueOrDefault(rule.Kind) + 1;
                return rule;
            }
            return null;
        }
    }

    /// <summary>How many times each kind of fault fired.</summary>
    public IReadOnlyDictionary<FaultKind, int> FaultsFired
    {
        get { lock (_lock) { return new Dictionary<FaultKind, int>(_fired); } }
    }

    public long NextRandomSeed()
    {
        lock (_lock) { return _random.NextInt64(0, uint.MaxValue); }
    }

    public void Add(FakeRequest request)
    {
        _requests[request.Id] = request;
        _accepted.AddOrUpdate(KeyOf(request.ModelId, request.Input), 1, (_, n) => n + 1);
    }

    public FakeRequest? Find(string requestId) => _requests.GetValueOrDefault(requestId);

    public IReadOnlyCollection<FakeRequest> Requests => [.. _requests.Values];

    /// <summary>Accepted (billed) submits per (model, prompt, seed).</summary>
    public IReadOnlyDictionary<FakeSubmitKey, int> AcceptedSubmits => new Dictionary<FakeSubmitKey, int>(_accepted);

    public int AcceptedSubmitCount => _accepted.Values.Sum();

    public int AcceptedFor(string model, string prompt, long? seed = null) => _accepted.GetValueOrDefault(new FakeSubmitKey(model, prompt, seed));

    /// <summary>Every call received (accepted or not), by operation.</summary>
    public int Calls(FakeOperation operation) => _calls.GetValueOrDefault(operation);

    /// <summary>When each call arrived (for checking that Retry-After was waited for).</summary>
    public IReadOnlyList<DateTimeOffset> CallTimes(FakeOperation operation) => [.. _callLog.Where(c => c.Operation == operation).Select(c => c.At)];

    private int _rangeRequests;
    private readonly ConcurrentQueue<string> _priorities = new();

    /// <summary>The <c>X-Fal-Queue-Priority</c> header of each submit received ("" when absent).</summary>
    public IReadOnlyList<string> SubmitPriorities => [.. _priorities];

    internal void RecordPriority(string priority) => _priorities.Enqueue(priority);

    /// <summary>Media requests that asked to resume (<c>Range: bytes=N-</c> with N &gt; 0).</summary>
    public int RangeRequests => Volatile.Read(ref _rangeRequests);

    internal void CountRange() => Interlocked.Increment(ref _rangeRequests);

    internal void Count(FakeOperation operation)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _callLog.Enqueue((operation, Time.GetUtcNow()));
    }

    public static FakeSubmitKey KeyOf(string model, JsonObject input) => new(
        model,
        input["prompt"] is JsonValue p && p.TryGetValue<string>(out var prompt) ? prompt : "",
        input["seed"] is JsonValue s && s.TryGetValue<long>(out var seed) ? seed : null);

    private readonly ConcurrentDictionary<int, FakeWebSocketConnection> _sockets = new();
    private readonly Dictionary<string, int> _peakSocketsByModel = new(StringComparer.Ordinal);
    private TaskCompletionSource _socketsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextSocketId;
    private int _socketsAccepted;
    private int _peakSockets;

    /// <summary>WebSocket connections accepted (upgraded) since start.</summary>
    public int WebSocketsAccepted => Volatile.Read(ref _socketsAccepted);

    /// <summary>WebSocket connections open now.</summary>
    public int OpenWebSockets => _sockets.Count;

    /// <summary>The most WebSocket connections that were open at once (all models).</summary>
    public int PeakOpenWebSockets
    {
        get { lock (_lock) { return _peakSockets; } }
    }

    /// <summary>The most WebSocket connections that were open at once to each model endpoint.</summary>
    public IReadOnlyDictionary<string, int> PeakOpenWebSocketsByModel
    {
        get { lock (_lock) { return new Dictionary<string, int>(_peakSocketsByModel); } }
    }

    public IReadOnlyCollection<FakeWebSocketConnection> WebSockets => [.. _sockets.Values];

    /// <summary>Cuts every open WebSocket connection that has no request running; returns how many.</summary>
    public int DropIdleWebSockets()
    {
        var idle = _sockets.Values.Where(s => !s.IsBusy).ToList();
        foreach (var socket in idle) socket.Drop();
        return idle.Count;
    }

    /// <summary>Completes once <paramref name="condition"/> holds; looked at again after every WebSocket change (connect, request, close).</summary>
    public async Task WaitForWebSocketsAsync(Func<FakeFalState, bool> condition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_lock) { changed = _socketsChanged.Task; }
            if (condition(this)) return;
            await changed.WaitAsync(cancellationToken);
        }
    }

    internal FakeWebSocketConnection OpenWebSocket(string modelId, Microsoft.AspNetCore.Http.HttpContext context)
    {
        var connection = new FakeWebSocketConnection(Interlocked.Increment(ref _nextSocketId), modelId, context);
        _sockets[connection.Id] = connection;
        Interlocked.Increment(ref _socketsAccepted);
        lock (_lock)
        {
            _peakSockets = Math.Max(_peakSockets, _sockets.Count);
            var open = _sockets.Values.Count(s => s.ModelId == modelId);
            _peakSocketsByModel[modelId] = Math.Max(_peakSocketsByModel.GetValueOrDefault(modelId), open);
        }
        WebSocketsChanged();
        return connection;
    }

    internal void CloseWebSocket(FakeWebSocketConnection connection)
    {
        _sockets.TryRemove(connection.Id, out _);
        WebSocketsChanged();
    }

    internal void WebSocketsChanged()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _socketsChanged;
            _socketsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    private sealed class RuleSlot(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;
        public int Remaining { get; set; } = rule.Times ?? 0;
    }
}
