using FalVideo.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Fal;

/// <summary>
/// Warm <c>ws.fal.run</c> connections, per model endpoint: at most <see cref="RunnerState.MaxConcurrency"/> per endpoint
/// (opening ones included), reused for back-to-back jobs (most recently used first), closed after
/// <see cref="FalOptions.WebSocketIdleTimeout"/> unused. A connection fal drops while idle simply leaves the pool and the
/// next job opens a new one (through the connector's Polly pipeline). Thread-safe; one instance per app.
/// </summary>
public sealed partial class FalWebSocketPool : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EndpointSessions> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<FalWebSocketSession, ITimer> _idleTimers = [];
    private readonly FalWebSocketConnector _connector;
    private readonly RunnerState _runner;
    private readonly IOptionsMonitor<FalOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FalWebSocketPool> _logger;
    private readonly ILoggerFactory _loggers;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;
    private long _opened;
    private long _closedIdle;
    private long _droppedIdle;
    private long _droppedInFlight;
    private string? _lastConnectError;
    private bool _disposed;

    public FalWebSocketPool(FalWebSocketConnector connector, RunnerState runner, IOptionsMonitor<FalOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _connector = connector;
        _runner = runner;
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<FalWebSocketPool>();
        _loggers = loggers;
        // A raised MaxConcurrency may let a waiting job open a connection.
        _runner.Changed += Signal;
    }

    /// <summary>Raised after any change of the pool (a connection opened, taken, returned, closed); from any thread.</summary>
    public event Action? Changed;

    /// <summary>The most connections one endpoint may have (open or opening).</summary>
    public int MaxPerEndpoint => Math.Max(1, _runner.MaxConcurrency);

    /// <summary>
    /// A connection to <paramref name="modelId"/> for one request: an idle one, else a new one while the endpoint is under
    /// <see cref="MaxPerEndpoint"/>, else the next one returned. Connect failures surface as the connector's exceptions.
    /// The session comes back by itself after a complete answer (or leaves the pool when it closes).
    /// </summary>
    public async Task<FalWebSocketSession> AcquireAsync(string modelId, CancellationToken cancellationToken = default)
    {
        EndpointSessions endpoint;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                endpoint = EndpointOf(modelId);
                while (endpoint.Idle.Count > 0)
                {
                    var idle = endpoint.Idle[^1];
                    endpoint.Idle.RemoveAt(endpoint.Idle.Count - 1);
                    StopIdleTimer(idle);
                    if (!idle.IsOpen) continue; // closing: its receive loop reports it
                    endpoint.Busy.Add(idle);
                    Notify();
                    return idle;
                }
                if (endpoint.Count < MaxPerEndpoint)
                {
                    endpoint.Connecting++;
                    endpoint.Peak = Math.Max(endpoint.Peak, endpoint.Count);
                    break;
                }
                changed = _changed.Task;
            }
            // Wait for a connection to come back or close (or for a higher limit), then look again.
            await changed.WaitAsync(cancellationToken);
        }
        Notify();

        FalWebSocketSession session;
        try
        {
            var socket = await _connector.ConnectAsync(modelId, cancellationToken);
            session = new FalWebSocketSession(Interlocked.Increment(ref _nextId), modelId, socket, this, _time, _loggers.CreateLogger<FalWebSocketSession>());
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                endpoint.Connecting--;
                _lastConnectError = ex is OperationCanceledException ? _lastConnectError : ex.Message;
            }
            Signal();
            throw;
        }

        bool disposed;
        lock (_lock)
        {
            endpoint.Connecting--;
            disposed = _disposed;
            if (!disposed)
            {
                endpoint.Busy.Add(session);
                _opened++;
                _lastConnectError = null;
            }
        }
        if (disposed)
        {
            session.Abort("the app is stopping");
            throw new ObjectDisposedException(nameof(FalWebSocketPool));
        }
        session.StartReceiving();
        LogOpened(session.Id, modelId);
        Signal();
        return session;
    }

    /// <summary>What the pool holds now (for /api/health and the UI).</summary>
    public FalWebSocketPoolStatus Snapshot()
    {
        lock (_lock)
        {
            var endpoints = _endpoints
                .Where(e => e.Value.Count > 0 || e.Value.Peak > 0)
                .OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new FalWebSocketEndpointStatus(e.Key, e.Value.Idle.Count + e.Value.Busy.Count, e.Value.Busy.Count, e.Value.Idle.Count, e.Value.Connecting, e.Value.Peak))
                .ToList();
            var open = endpoints.Sum(e => e.Open);
            var connecting = endpoints.Sum(e => e.Connecting);
            var state = _lastConnectError is not null && open == 0 ? "failing"
                : connecting > 0 ? "connecting"
                : open > 0 ? "connected"
                : "idle";
            return new FalWebSocketPoolStatus(
                state,
                MaxPerEndpoint,
                open,
                endpoints.Sum(e => e.Busy),
                endpoints.Sum(e => e.Idle),
                connecting,
                _opened,
                _closedIdle,
                _droppedIdle,
                _droppedInFlight,
                endpoints.Count == 0 ? 0 : endpoints.Max(e => e.PeakOpen),
                _lastConnectError,
                endpoints);
        }
    }

    /// <summary>A session finished an answer: it becomes idle (or closes when the endpoint is over its limit).</summary>
    internal void Return(FalWebSocketSession session)
    {
        var closeIt = false;
        lock (_lock)
        {
            var endpoint = EndpointOf(session.ModelId);
            if (!endpoint.Busy.Remove(session)) return;
            if (_disposed || !session.IsOpen || endpoint.Count >= MaxPerEndpoint)
            {
                closeIt = true;
            }
            else
            {
                endpoint.Idle.Add(session);
                _idleTimers[session] = _time.CreateTimer(static state =>
                {
                    var (pool, idle) = ((FalWebSocketPool, FalWebSocketSession))state!;
                    _ = pool.CloseIdleAsync(idle);
                }, (this, session), _options.CurrentValue.WebSocketIdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
        if (closeIt) _ = session.CloseAsync("more connections than MaxConcurrency");
        Signal();
    }

    /// <summary>A session's connection is gone (by fal, by the network or by us): it leaves the pool. <paramref name="wasBusy"/> = a request was in flight.</summary>
    internal void OnClosed(FalWebSocketSession session, string reason, bool wasBusy)
    {
        lock (_lock)
        {
            var endpoint = EndpointOf(session.ModelId);
            var wasIdle = endpoint.Idle.Remove(session);
            var wasTaken = endpoint.Busy.Remove(session);
            StopIdleTimer(session);
            if (!session.ClosedByUs)
            {
                if (wasBusy) _droppedInFlight++;
                else if (wasIdle || wasTaken) _droppedIdle++;
            }
        }
        LogClosed(session.Id, session.ModelId, session.Requests, reason);
        Signal();
    }

    private async Task CloseIdleAsync(FalWebSocketSession session)
    {
        lock (_lock)
        {
            if (!EndpointOf(session.ModelId).Idle.Remove(session)) return;
            StopIdleTimer(session);
            _closedIdle++;
        }
        Signal();
        await session.CloseAsync($"idle for {_options.CurrentValue.WebSocketIdleTimeout.TotalSeconds:0.###} s");
    }

    private EndpointSessions EndpointOf(string modelId)
    {
        if (!_endpoints.TryGetValue(modelId, out var endpoint)) _endpoints[modelId] = endpoint = new EndpointSessions();
        return endpoint;
    }

    private void StopIdleTimer(FalWebSocketSession session)
    {
        if (_idleTimers.Remove(session, out var timer)) timer.Dispose();
    }

    /// <summary>Wakes waiting acquirers and tells listeners.</summary>
    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        Notify();
    }

    private void Notify() => Changed?.Invoke();

    public async ValueTask DisposeAsync()
    {
        List<FalWebSocketSession> idle;
        List<FalWebSocketSession> busy;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            idle = [.. _endpoints.Values.SelectMany(e => e.Idle)];
            busy = [.. _endpoints.Values.SelectMany(e => e.Busy)];
            foreach (var timer in _idleTimers.Values) timer.Dispose();
            _idleTimers.Clear();
        }
        _runner.Changed -= Signal;
        // A request still in flight cannot survive the app anyway; closing its connection makes fal cancel it.
        foreach (var session in busy) session.Abort("the app is stopping");
        await Task.WhenAll(idle.Select(s => s.CloseAsync("the app is stopping")).Concat(busy.Select(s => s.Completion)));
        Signal();
    }

    private sealed class EndpointSessions
    {
        /// <summary>Idle connections, most recently used last.</summary>
        public List<FalWebSocketSession> Idle { get; } = [];
        public HashSet<FalWebSocketSession> Busy { get; } = [];
        public int Connecting { get; set; }
        public int Peak { get; set; }
        public int Count => Idle.Count + Busy.Count + Connecting;
    }

    [LoggerMessage(LogLevel.Information, "fal WebSocket {SessionId} opened to {ModelId}")]
    private partial void LogOpened(int sessionId, string modelId);

    [LoggerMessage(LogLevel.Information, "fal WebSocket {SessionId} to {ModelId} closed after {Requests} requests: {Reason}")]
    private partial void LogClosed(int sessionId, string modelId, int requests, string reason);
}
