using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace FalVideo.Core.Fal;

/// <summary>
/// One authenticated connection to <c>{WebSocketUrl}/{model_id}</c>. fal answers one request at a time per connection,
/// so a session carries at most one <see cref="FalWebSocketExchange"/>; sends (the input, the close frame) are
/// serialised with a semaphore. A single receive loop reads every frame for the life of the connection — it notices a
/// drop while idle as well as in flight — and hands the session back to its pool after each complete answer.
/// </summary>
public sealed partial class FalWebSocketSession
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly ClientWebSocket _socket;
    private readonly FalWebSocketPool _pool;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private FalWebSocketExchange? _current;
    private Task _receiving = Task.CompletedTask;
    private string? _closeReason;
    private int _closed;
    private int _requests;

    internal FalWebSocketSession(int id, string modelId, ClientWebSocket socket, FalWebSocketPool pool, TimeProvider time, ILogger logger)
    {
        Id = id;
        ModelId = modelId;
        _socket = socket;
        _pool = pool;
        _time = time;
        _logger = logger;
        OpenedAt = time.GetUtcNow();
    }

    public int Id { get; }
    public string ModelId { get; }
    public DateTimeOffset OpenedAt { get; }

    /// <summary>Requests sent on this connection so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public bool IsOpen => Volatile.Read(ref _closed) == 0 && _socket.State == WebSocketState.Open;

    /// <summary>True once this side closed or aborted the connection on purpose (idle, cancel, protocol error, shutdown).</summary>
    internal bool ClosedByUs => Volatile.Read(ref _closeReason) is not null;

    internal void StartReceiving() => _receiving = Task.Run(ReceiveLoopAsync);

    /// <summary>
    /// Sends one request's input. Throws <see cref="FalWebSocketUnavailableException"/> when the connection had already
    /// closed (nothing was sent); any other failure happened while the input was going out.
    /// </summary>
    internal async Task SendAsync(FalWebSocketExchange exchange, ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (!IsOpen) throw new FalWebSocketUnavailableException($"connection {Id} closed before the input was sent ({Volatile.Read(ref _closeReason) ?? "by fal"})");
            if (Interlocked.CompareExchange(ref _current, exchange, null) is { } busy)
                throw new InvalidOperationException($"Connection {Id} is still answering {busy.LocalId}; fal answers one request at a time per connection.");
            exchange.AttachTo(this);
            Interlocked.Increment(ref _requests);
            await _socket.SendAsync(input, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the connection at once; a request in flight ends (fal cancels it). Idempotent.</summary>
    internal void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        _socket.Abort();
    }

    /// <summary>Closes an idle connection politely (close handshake), aborting it if fal does not answer the close.</summary>
    internal async Task CloseAsync(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout, _time);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                if (_socket.State == WebSocketState.Open)
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "idle", timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
            await _receiving.WaitAsync(CloseHandshakeTimeout, _time);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            LogCloseFailed(Id, ex.Message);
        }
        finally
        {
            _socket.Abort();
        }
    }

    internal Task Completion => _receiving;

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>();
        var reason = "fal closed the connection";
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    reason = $"fal closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})".TrimEnd();
                    break;
                }
                if (message.WrittenCount + received.Count > FalWebSocketExchange.MaxBodyBytes)
                {
                    reason = Violation($"a frame larger than {FalWebSocketExchange.MaxBodyBytes / (1024 * 1024)} MB");
                    break;
                }
                message.Write(buffer.AsSpan(0, received.Count));
                if (!received.EndOfMessage) continue;
                if (Dispatch(received.MessageType, message.WrittenMemory) is { } violation)
                {
                    reason = violation;
                    break;
                }
                message.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            reason = $"the connection dropped ({ex.Message})";
        }
        finally
        {
            Finish(Volatile.Read(ref _closeReason) ?? reason);
        }
    }

    /// <summary>Routes one complete frame to the request in flight; returns a protocol violation (the connection then closes).</summary>
    private string? Dispatch(WebSocketMessageType type, ReadOnlyMemory<byte> frame)
    {
        var exchange = Volatile.Read(ref _current);
        var metadata = type == WebSocketMessageType.Text ? FalWebSocketMetadata.TryParse(frame) : null;
        if (exchange is null)
            return Violation($"a {(metadata is null ? "body" : $"'{metadata.Type}'")} frame arrived while no request was in flight");

        string? violation;
        if (metadata is null)
        {
            violation = exchange.OnBody(frame.Span);
        }
        else
        {
            var answer = exchange.OnMetadata(metadata, out violation);
            if (answer is not null)
            {
                // The connection is free again before anyone hears the answer, so the next job can use it at once.
                Interlocked.CompareExchange(ref _current, null, exchange);
                exchange.Answer(answer);
                LogAnswered(Id, exchange.LocalId, answer.FalRequestId, answer.StatusCode);
                _pool.Return(this);
                return null;
            }
        }
        if (violation is null) return null;
        exchange.Violate(violation);
        return Violation(violation);
    }

    private string Violation(string what)
    {
        var reason = $"fal broke the WebSocket protocol: {what}";
        LogViolation(Id, reason);
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        return reason;
    }

    private void Finish(string reason)
    {
        Interlocked.Exchange(ref _closed, 1);
        var inFlight = Interlocked.Exchange(ref _current, null);
        if (inFlight is not null && inFlight.Drop(reason)) LogDroppedInFlight(Id, inFlight.LocalId, reason);
        _socket.Abort();
        _socket.Dispose();
        _pool.OnClosed(this, reason, wasBusy: inFlight is not null);
    }

    [LoggerMessage(LogLevel.Debug, "fal WebSocket {SessionId}: request {LocalId} answered as fal request {FalRequestId}, HTTP {Status}")]
    private partial void LogAnswered(int sessionId, string localId, string falRequestId, int status);

    [LoggerMessage(LogLevel.Warning, "fal WebSocket {SessionId}: {Reason}")]
    private partial void LogViolation(int sessionId, string reason);

    [LoggerMessage(LogLevel.Warning, "fal WebSocket {SessionId} closed with request {LocalId} in flight: {Reason}")]
    private partial void LogDroppedInFlight(int sessionId, string localId, string reason);

    [LoggerMessage(LogLevel.Debug, "fal WebSocket {SessionId}: close handshake failed ({Reason}); aborted")]
    private partial void LogCloseFailed(int sessionId, string reason);
}
