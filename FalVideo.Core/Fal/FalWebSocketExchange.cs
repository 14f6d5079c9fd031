using System.Buffers;
using System.Text;

namespace FalVideo.Core.Fal;

/// <summary>
/// One request over a pooled WebSocket: the input went out as one text frame; the answer is a <c>start</c> frame, body
/// frames concatenated, and an <c>end</c> frame whose <c>request_id</c> matches the start's. Frames are fed in by the
/// session's receive loop; everyone else waits on <see cref="Started"/> and <see cref="Outcome"/>.
/// </summary>
public sealed class FalWebSocketExchange
{
    /// <summary>Larger answers are not a video result: the connection is closed rather than buffering without end.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<FalWebSocketMetadata> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<FalWebSocketOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrayBufferWriter<byte> _body = new();
    private FalWebSocketMetadata? _start;
    private FalWebSocketSession? _session;

    public FalWebSocketExchange(string localId, string modelId, DateTimeOffset createdAt)
    {
        LocalId = localId;
        ModelId = modelId;
        CreatedAt = createdAt;
    }

    /// <summary>Our id for the request (stored on the job at once); fal's own id arrives only with <c>start</c>.</summary>
    public string LocalId { get; }
    public string ModelId { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Completes with the <c>start</c> frame (fal's request id, the app's HTTP status); canceled when the request ends without one.</summary>
    public Task<FalWebSocketMetadata> Started => _started.Task;

    /// <summary>Completes once the request is over, however it ended; never faults.</summary>
    public Task<FalWebSocketOutcome> Outcome => _outcome.Task;

    public string? FalRequestId
    {
        get { lock (_lock) { return _start?.RequestId; } }
    }

    internal void AttachTo(FalWebSocketSession session)
    {
        lock (_lock) { _session = session; }
    }

    /// <summary>A metadata frame. Returns the complete answer at <c>end</c>, else null; <paramref name="violation"/> says how the frame broke the protocol.</summary>
    internal FalWebSocketResponse? OnMetadata(FalWebSocketMetadata metadata, out string? violation)
    {
        violation = null;
        lock (_lock)
        {
            if (metadata.IsStart)
            {
                if (_start is not null)
                {
                    violation = $"a second 'start' (request {metadata.RequestId}) arrived for request {_start.RequestId}";
                    return null;
                }
                if (metadata.Status is null)
                {
                    violation = $"the 'start' of request {metadata.RequestId} has no status";
                    return null;
                }
                _start = metadata;
            }
            else if (metadata.IsEnd)
            {
                if (_start is null)
                {
                    violation = $"'end' (request {metadata.RequestId}) arrived before any 'start'";
                    return null;
                }
                if (!string.Equals(metadata.RequestId, _start.RequestId, StringComparison.Ordinal))
                {
                    violation = $"'end' names request {metadata.RequestId} but 'start' named {_start.RequestId}";
                    return null;
                }
                return new FalWebSocketResponse(
                    _start.RequestId,
                    _start.Status!.Value,
                    Encoding.UTF8.GetString(_body.WrittenSpan),
                    _start.Header("x-fal-error-type"),
                    metadata.TimeToFirstByteSeconds);
            }
            else
            {
                return null; // a metadata type this client does not know: not body, not an error
            }
        }
        _started.TrySetResult(metadata);
        return null;
    }

    /// <summary>A body frame; returns how it broke the protocol, or null.</summary>
    internal string? OnBody(ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            if (_start is null) return $"{chunk.Length} bytes of body arrived before 'start'";
            if (_body.WrittenCount + chunk.Length > MaxBodyBytes) return $"the answer is larger than {MaxBodyBytes / (1024 * 1024)} MB";
            _body.Write(chunk);
            return null;
        }
    }

    internal bool Answer(FalWebSocketResponse response) => Finish(new FalWebSocketOutcome(FalWebSocketEnding.Answered, response));

    internal bool Violate(string violation) => Finish(new FalWebSocketOutcome(FalWebSocketEnding.ProtocolError, Detail: violation));

    /// <summary>The connection went away under this request.</summary>
    internal bool Drop(string reason)
    {
        bool started;
        lock (_lock) { started = _start is not null; }
        return Finish(new FalWebSocketOutcome(started ? FalWebSocketEnding.DroppedAfterStart : FalWebSocketEnding.DroppedBeforeStart, Detail: reason));
    }

    /// <summary>
    /// Stops the request by closing its connection (fal cancels a dropped request). False when it had already ended —
    /// for an answered request that means it finished (and was billed) before the cancel.
    /// </summary>
    public bool Cancel(string reason)
    {
        if (!Finish(new FalWebSocketOutcome(FalWebSocketEnding.Canceled, Detail: reason))) return false;
        FalWebSocketSession? session;
        lock (_lock) { session = _session; }
        session?.Abort(reason);
        return true;
    }

    private bool Finish(FalWebSocketOutcome outcome)
    {
        if (!_outcome.TrySetResult(outcome)) return false;
        // Whoever waits for 'start' learns that none is coming.
        _started.TrySetCanceled();
        return true;
    }
}
