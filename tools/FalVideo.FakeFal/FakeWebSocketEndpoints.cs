using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FalVideo.FakeFal;

/// <summary>
/// fal's HTTP-over-WebSocket endpoint (fal-protocol.md §3), served at <c>/ws/{model_id}</c> (the fake's stand-in for
/// <c>wss://ws.fal.run/{model_id}</c>). The upgrade needs <c>Authorization: Key …</c> (401 otherwise). Each text
/// frame received is one request's input, validated against the catalog like a submit; the answer is a <c>start</c>
/// text frame (the app's status and headers), the body as binary frames, and an <c>end</c> text frame — requests on one
/// connection run one after another. A request runs as long as a queued one would (queue + steps); a dropped
/// connection cancels it. Faults: 401 / HTTP status on the upgrade, drop before or after <c>start</c> or once idle, a malformed
/// <c>start</c>, mismatched <c>end</c>, malformed body, slow body, model errors (422 in <c>start</c>).
/// </summary>
public static class FakeWebSocketEndpoints
{
    public const string PathPrefix = "/ws";
    private const int SlowChunkBytes = 32;

    public static IEndpointRouteBuilder MapFakeWebSocket(this IEndpointRouteBuilder app, FakeFalState state, ModelCatalog catalog)
    {
        app.Map(PathPrefix + "/{**modelId}", (HttpContext context, string modelId) => HandleAsync(context, state, catalog, modelId.Trim('/')));
        return app;
    }

    private static async Task HandleAsync(HttpContext context, FakeFalState state, ModelCatalog catalog, string modelId)
    {
        state.Count(FakeOperation.WebSocketConnect);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await FakeResponses.ErrorAsync(context, 400, "Expected a WebSocket upgrade");
            return;
        }
        if (!await FakeQueueEndpoints.PassesCommonFaultsAsync(context, state, FakeOperation.WebSocketConnect, modelId)) return;
        if (!catalog.TryGet(modelId, out var model))
        {
            await FakeResponses.ErrorAsync(context, 404, $"Application '{modelId}' not found");
            return;
        }
        await FakeQueueEndpoints.LatencyAsync(context, state, FakeOperation.WebSocketConnect, modelId);

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = state.OpenWebSocket(modelId, context);
        var ct = context.RequestAborted;
        try
        {
            while (await ReceiveInputAsync(socket, ct) is { } input)
            {
                connection.SetBusy(true);
                state.WebSocketsChanged();
                try
                {
                    if (!await AnswerAsync(context, socket, state, model, modelId, input, ct)) return;
                }
                finally
                {
                    connection.SetBusy(false);
                    state.WebSocketsChanged();
                }
            }
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            state.CloseWebSocket(connection);
        }
    }

    /// <summary>The next complete message's bytes; null when the client closed.</summary>
    private static async Task<byte[]?> ReceiveInputAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return message.ToArray();
        }
    }

    /// <summary>Runs one request and sends its answer; false when the connection was cut on purpose.</summary>
    private static async Task<bool> AnswerAsync(HttpContext context, WebSocket socket, FakeFalState state, ModelDefinition model, string modelId, byte[] raw, CancellationToken ct)
    {
        state.Count(FakeOperation.WebSocketRequest);
        var gatewayId = Guid.NewGuid().ToString();
        JsonObject? input;
        try
        {
            input = JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            input = null;
        }
        if (input is null)
        {
            await SendAnswerAsync(socket, gatewayId, 422, new JsonObject
            {
                ["detail"] = new JsonArray(new JsonObject { ["loc"] = new JsonArray("body"), ["msg"] = "Input should be a valid JSON object", ["type"] = "json_invalid" }),
            }, ct);
            return true;
        }
        var details = FakeInputValidator.Details(model, input);
        if (details.Count > 0)
        {
            await SendAnswerAsync(socket, gatewayId, 422, new JsonObject { ["detail"] = details }, ct);
            return true;
        }
        if (state.Take(FakeOperation.WebSocketRequest, modelId, FaultKind.HttpStatus) is { } status)
        {
            var (code, body, errorType) = InjectedError(status.StatusCode ?? 503);
            await SendAnswerAsync(socket, gatewayId, code, body, ct, errorType);
            return true;
        }

        var request = FakeQueueEndpoints.NewRequest(state, model, modelId, input, FakeOperation.WebSocketRequest);
        state.Add(request); // billed from here on

        if (state.Take(FakeOperation.WebSocketRequest, modelId, FaultKind.DropBeforeStart) is not null)
        {
            Drop(context, state, request);
            return false;
        }
        try
        {
            await FakeQueueEndpoints.LatencyAsync(context, state, FakeOperation.WebSocketRequest, modelId);
            var wait = request.CompleteAt - state.Time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, state.Time, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            request.Cancel(state.Time.GetUtcNow()); // a dropped connection cancels the request on fal
            throw;
        }

        // Each fault is drawn only when its moment comes, so one that cannot happen any more is neither counted nor used up.
        FaultRule? Take(FaultKind kind) => state.Take(FakeOperation.WebSocketRequest, modelId, kind);
        var statusCode = request.ErrorResultStatus ?? 200;
        if (Take(FaultKind.MalformedFrame) is not null)
        {
            // Cut-off JSON is body by fal's rule, so the client sees body before any start and gives up the connection.
            await SendTextAsync(socket, "{\"type\": \"start\", \"request_id\": \"" + request.Id[..8], ct);
            return true;
        }
        await SendTextAsync(socket, Start(request.Id, statusCode, statusCode == 200 ? null : "validation_error"), ct);

        var dropAfterStart = Take(FaultKind.DropAfterStart);
        var garbled = dropAfterStart is null && statusCode == 200 ? Take(FaultKind.MalformedJson) : null;
        var answer = request.ErrorResultStatus is not null ? FakeResponses.Serialize(request.ErrorResultBody!)
            : garbled is not null ? FakeResponses.MalformedJson
            : FakeResponses.Serialize(await FakeQueueEndpoints.OutputAsync(context, request));
        var bytes = Encoding.UTF8.GetBytes(answer);
        if (dropAfterStart is not null)
        {
            await socket.SendAsync(bytes.AsMemory(0, bytes.Length / 2), WebSocketMessageType.Binary, endOfMessage: true, ct);
            request.Cancel(state.Time.GetUtcNow());
            await HangUpAsync(socket, ct);
            return false;
        }

        var slow = Take(FaultKind.SlowBody);
        var chunk = slow is null ? bytes.Length : SlowChunkBytes;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            if (slow is not null && offset > 0) await Task.Delay(slow.Delay, state.Time, ct);
            await socket.SendAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), WebSocketMessageType.Binary, endOfMessage: true, ct);
        }
        var mismatched = Take(FaultKind.MismatchedEnd) is not null;
        await SendTextAsync(socket, End(mismatched ? Guid.NewGuid().ToString() : request.Id, statusCode), ct);
        if (mismatched || Take(FaultKind.DropAfterEnd) is null) return true;
        await HangUpAsync(socket, ct);
        return false;
    }

    /// <summary>An answer that never became a request (refused input, injected gateway error): start, body, end.</summary>
    private static async Task SendAnswerAsync(WebSocket socket, string requestId, int status, JsonObject body, CancellationToken ct, string? errorType = null)
    {
        await SendTextAsync(socket, Start(requestId, status, errorType ?? (status == 422 ? "validation_error" : null)), ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes(FakeResponses.Serialize(body)), WebSocketMessageType.Binary, endOfMessage: true, ct);
        await SendTextAsync(socket, End(requestId, status), ct);
    }

    /// <summary>
    /// Ends the connection right after frames already sent, without the rest of the answer. A reset would let the
    /// client's kernel discard frames it has not read yet, so this closes in order (close frame, then wait for the
    /// client to go) — the client sees exactly the frames sent, then the connection gone.
    /// </summary>
    private static async Task HangUpAsync(WebSocket socket, CancellationToken ct)
    {
        await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "connection dropped", ct);
        var buffer = new byte[1024];
        while ((await socket.ReceiveAsync(buffer.AsMemory(), ct)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    /// <summary>Cuts the connection (a reset: nothing had been sent for this request); like fal, that cancels the request.</summary>
    private static void Drop(HttpContext context, FakeFalState state, FakeRequest request)
    {
        request.Cancel(state.Time.GetUtcNow());
        context.Abort();
    }

    private static string Start(string requestId, int status, string? errorType)
    {
        var headers = new JsonObject { ["content-type"] = "application/json", ["x-fal-request-id"] = requestId };
        if (errorType is not null) headers["x-fal-error-type"] = errorType;
        return FakeResponses.Serialize(new JsonObject { ["type"] = "start", ["request_id"] = requestId, ["status"] = status, ["headers"] = headers });
    }

    private static string End(string requestId, int status) =>
        FakeResponses.Serialize(new JsonObject { ["type"] = "end", ["request_id"] = requestId, ["status"] = status, ["time_to_first_byte_seconds"] = 0.05 });

    private static Task SendTextAsync(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    private static (int Status, JsonObject Body, string ErrorType) InjectedError(int code)
    {
        var (detail, type) = code switch
        {
            429 => ("Too many concurrent requests", "rate_limited"),
            500 => ("Internal server error", "internal_error"),
            502 => ("The runner returned an incomplete response", "runner_incomplete_response"),
            504 => ("Request timed out", "request_timeout"),
            _ => ("No runner could be scheduled", "runner_scheduling_failure"),
        };
        return (code, new JsonObject { ["detail"] = detail, ["error_type"] = type }, type);
    }
}
