using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FalVideo.FakeFal;

/// <summary>
/// fal's queue API (fal-protocol.md §2): <c>POST /{model_id}</c>; <c>GET …/{owner}/{app}/requests/{id}/status</c> (202 until
/// COMPLETED, then 200), <c>…/status/stream</c> (SSE, <c>data:</c> only, keep-alive comments, closed after COMPLETED),
/// <c>GET …/requests/{id}</c> (result), <c>PUT …/requests/{id}/cancel</c>. Requests sent through a proxy with
/// <c>x-fal-target-url</c> are routed on that URL.
/// </summary>
public static class FakeQueueEndpoints
{
    public static IEndpointRouteBuilder MapFakeQueue(this IEndpointRouteBuilder app, FakeFalState state, ModelCatalog catalog)
    {
        app.Map("/{**path}", context => HandleAsync(context, state, catalog));
        return app;
    }

    private static Task HandleAsync(HttpContext context, FakeFalState state, ModelCatalog catalog)
    {
        var (path, query) = Target(context);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = context.Request.Method;
        var requestsAt = Array.IndexOf(segments, "requests");

        if (HttpMethods.IsPost(method) && requestsAt < 0 && segments.Length >= 2)
            return SubmitAsync(context, state, catalog, string.Join('/', segments));
        if (requestsAt >= 2 && segments.Length > requestsAt + 1)
        {
            var appPath = string.Join('/', segments[..requestsAt]);
            var id = segments[requestsAt + 1];
            var rest = string.Join('/', segments[(requestsAt + 2)..]);
            var logsFlag = query["logs"].ToString();
            var logs = logsFlag == "1" || string.Equals(logsFlag, "true", StringComparison.OrdinalIgnoreCase);
            return (method, rest) switch
            {
                ("GET", "") => ResultAsync(context, state, appPath, id),
                ("GET", "status") => StatusAsync(context, state, appPath, id, logs),
                ("GET", "status/stream") => StreamAsync(context, state, appPath, id, logs),
                ("PUT", "cancel") => CancelAsync(context, state, appPath, id),
                _ => FakeResponses.ErrorAsync(context, 404, $"No route for {method} /{path}"),
            };
        }
        return FakeResponses.ErrorAsync(context, 404, $"No route for {method} /{path}");
    }

    private static async Task SubmitAsync(HttpContext context, FakeFalState state, ModelCatalog catalog, string modelId)
    {
        state.Count(FakeOperation.Submit);
        state.RecordPriority(context.Request.Headers["X-Fal-Queue-Priority"].ToString());
        if (!await PassesCommonFaultsAsync(context, state, FakeOperation.Submit, modelId)) return;
        if (!catalog.TryGet(modelId, out var model))
        {
            await FakeResponses.ErrorAsync(context, 404, $"Application '{modelId}' not found");
            return;
        }

        JsonObject input;
        try
        {
            input = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await FakeResponses.JsonAsync(context, 422, new JsonObject
            {
                ["detail"] = new JsonArray(new JsonObject { ["loc"] = new JsonArray("body"), ["msg"] = "Input should be a valid JSON object", ["type"] = "json_invalid" }),
            });
            return;
        }
        var details = FakeInputValidator.Details(model, input);
        if (details.Count > 0)
        {
            await FakeResponses.JsonAsync(context, 422, new JsonObject { ["detail"] = details });
            return;
        }

        var behavior = state.Behavior;
        var request = NewRequest(state, model, modelId, input, FakeOperation.Submit);
        state.Add(request);

        if (state.Take(FakeOperation.Submit, modelId, FaultKind.AbortAfterAccept) is not null)
        {
            context.Abort();
            return;
        }
        await LatencyAsync(context, state, FakeOperation.Submit, modelId);
        if (state.Take(FakeOperation.Submit, modelId, FaultKind.MalformedJson) is not null)
        {
            await FakeResponses.MalformedAsync(context);
            return;
        }
        var body = Urls(context, request);
        body["status"] = "IN_QUEUE";
        body["queue_position"] = behavior.QueuePositions > 0 ? behavior.QueuePositions - 1 : 0;
        await FakeResponses.JsonAsync(context, 200, body);
    }

    /// <summary>A simulated request for a valid input, with the submit-time faults (model error, result expiry) decided now. Not yet registered.</summary>
    internal static FakeRequest NewRequest(FakeFalState state, ModelDefinition model, string modelId, JsonObject input, FakeOperation operation)
    {
        var failure = state.Take(operation, modelId, FaultKind.CompletedWithError);
        var expiry = state.Take(operation, modelId, FaultKind.ResultExpired);
        var portrait = input["aspect_ratio"]?.ToString() == "9:16";
        var square = input["aspect_ratio"]?.ToString() == "1:1";
        return new FakeRequest
        {
            Id = Guid.NewGuid().ToString(),
            ModelId = modelId,
            AppPath = AppPathOf(modelId),
            Input = input,
            CreatedAt = state.Time.GetUtcNow(),
            Behavior = state.Behavior,
            OutputSeed = model.Output.HasSeed ? (input["seed"] is JsonValue s && s.TryGetValue<long>(out var seed) ? seed : state.NextRandomSeed()) : null,
            Width = portrait ? 480 : square ? 480 : 832,
            Height = portrait ? 832 : 480,
            ErrorResultStatus = failure is null ? null : failure.StatusCode ?? 422,
            ErrorResultBody = failure is null ? null : new JsonObject { ["detail"] = failure.Detail?.DeepClone() ?? ContentPolicyDetail(input) },
            ExpireAfter = expiry?.Delay,
        };
    }

    /// <summary>The model's success output for a finished request: the video on the fake CDN, and the seed for open-weights models.</summary>
    internal static async Task<JsonObject> OutputAsync(HttpContext context, FakeRequest request)
    {
        var file = await FakeMediaLibrary.GetAsync(request.Width, request.Height);
        var result = new JsonObject
        {
            ["video"] = new JsonObject
            {
                ["url"] = $"{BaseUrl(context)}/cdn/files/{request.Id}/output.mp4",
                ["content_type"] = "video/mp4",
                ["file_name"] = "output.mp4",
                ["file_size"] = new FileInfo(file).Length,
            },
        };
        if (request.OutputSeed is { } seed) result["seed"] = seed;
        return result;
    }

    private static async Task StatusAsync(HttpContext context, FakeFalState state, string appPath, string id, bool logs)
    {
        state.Count(FakeOperation.Status);
        if (await FindAsync(context, state, FakeOperation.Status, appPath, id) is not { } request) return;
        await LatencyAsync(context, state, FakeOperation.Status, request.ModelId);
        if (state.Take(FakeOperation.Status, request.ModelId, FaultKind.MalformedJson) is not null)
        {
            await FakeResponses.MalformedAsync(context);
            return;
        }
        var status = request.StatusAt(state.Time.GetUtcNow());
        var body = StatusJson(context, request, status, logs ? request.Logs(0, status.LogCount) : null);
        await FakeResponses.JsonAsync(context, status.State == FakeState.Completed ? 200 : 202, body, request.Id);
    }

    private static async Task StreamAsync(HttpContext context, FakeFalState state, string appPath, string id, bool logs)
    {
        state.Count(FakeOperation.Stream);
        if (await FindAsync(context, state, FakeOperation.Stream, appPath, id) is not { } request) return;
        await LatencyAsync(context, state, FakeOperation.Stream, request.ModelId);
        var drop = state.Take(FakeOperation.Stream, request.ModelId, FaultKind.DropStream);
        var malformed = state.Take(FakeOperation.Stream, request.ModelId, FaultKind.MalformedJson);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["x-fal-request-id"] = request.Id;
        await context.Response.StartAsync(context.RequestAborted);

        var time = state.Time;
        var keepAlive = request.Behavior.KeepAliveInterval;
        var nextKeepAlive = time.GetUtcNow() + keepAlive;
        FakeStatus? last = null;
        var logsSent = 0;
        var events = 0;
        var ct = context.RequestAborted;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var status = request.StatusAt(now);
                if (status != last)
                {
                    if (drop is not null && events >= drop.AfterEvents)
                    {
                        context.Abort();
                        return;
                    }
                    // Each event carries the log lines added since the previous one (the JS client accumulates them).
                    var body = StatusJson(context, request, status, logs ? request.Logs(logsSent, status.LogCount) : null);
                    var data = malformed is not null && events == 0 ? FakeResponses.MalformedJson : FakeResponses.Serialize(body);
                    await context.Response.WriteAsync($"data: {data}\n\n", Encoding.UTF8, ct);
                    await context.Response.Body.FlushAsync(ct);
                    logsSent = status.LogCount;
                    last = status;
                    events++;
                    if (status.State == FakeState.Completed) return;
                }
                if (now >= nextKeepAlive)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    nextKeepAlive = now + keepAlive;
                }
                var wakeAt = request.NextChangeAfter(now) is { } change && change < nextKeepAlive ? change : nextKeepAlive;
                var wait = wakeAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.WhenAny(Task.Delay(wait, time, ct), request.Changed);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task ResultAsync(HttpContext context, FakeFalState state, string appPath, string id)
    {
        state.Count(FakeOperation.Result);
        if (await FindAsync(context, state, FakeOperation.Result, appPath, id) is not { } request) return;
        await LatencyAsync(context, state, FakeOperation.Result, request.ModelId);
        var now = state.Time.GetUtcNow();
        var status = request.StatusAt(now);
        if (status.State != FakeState.Completed)
        {
            await FakeResponses.ErrorAsync(context, 400, "Request is still in progress");
            return;
        }
        if (request.IsExpired(now))
        {
            await FakeResponses.ErrorAsync(context, 404, "Request not found");
            return;
        }
        if (state.Take(FakeOperation.Result, request.ModelId, FaultKind.MalformedJson) is not null)
        {
            await FakeResponses.MalformedAsync(context);
            return;
        }
        if (status.ErrorType == "client_cancelled")
        {
            await FakeResponses.ErrorAsync(context, 400, "Request was cancelled", "client_cancelled");
            return;
        }
        if (request.ErrorResultStatus is { } code)
        {
            await FakeResponses.JsonAsync(context, code, request.ErrorResultBody!.DeepClone(), request.Id);
            return;
        }

        await FakeResponses.JsonAsync(context, 200, await OutputAsync(context, request), request.Id);
    }

    private static async Task CancelAsync(HttpContext context, FakeFalState state, string appPath, string id)
    {
        state.Count(FakeOperation.Cancel);
        if (!await PassesCommonFaultsAsync(context, state, FakeOperation.Cancel, null)) return;
        var request = state.Find(id);
        if (request is null || request.AppPath != appPath)
        {
            await FakeResponses.JsonAsync(context, 404, new JsonObject { ["status"] = "NOT_FOUND" });
            return;
        }
        await LatencyAsync(context, state, FakeOperation.Cancel, request.ModelId);
        var was = request.Cancel(state.Time.GetUtcNow());
        await (was == FakeState.Completed
            ? FakeResponses.JsonAsync(context, 400, new JsonObject { ["status"] = "ALREADY_COMPLETED" })
            : FakeResponses.JsonAsync(context, 202, new JsonObject { ["status"] = "CANCELLATION_REQUESTED" }));
    }

    /// <summary>Key check and injected 401 / HTTP status faults; false when an answer was written.</summary>
    internal static async Task<bool> PassesCommonFaultsAsync(HttpContext context, FakeFalState state, FakeOperation operation, string? model)
    {
        if (!KeyAccepted(context, state.Behavior) || state.Take(operation, model, FaultKind.Unauthorized) is not null)
        {
            await FakeResponses.UnauthorizedAsync(context);
            return false;
        }
        if (state.Take(operation, model, FaultKind.HttpStatus) is { } rule)
        {
            await FakeResponses.InjectedStatusAsync(context, rule);
            return false;
        }
        return true;
    }

    private static async Task<FakeRequest?> FindAsync(HttpContext context, FakeFalState state, FakeOperation operation, string appPath, string id)
    {
        var request = state.Find(id);
        if (!await PassesCommonFaultsAsync(context, state, operation, request?.ModelId)) return null;
        if (request is null || request.AppPath != appPath)
        {
            await FakeResponses.ErrorAsync(context, 404, "Request not found");
            return null;
        }
        return request;
    }

    internal static async Task LatencyAsync(HttpContext context, FakeFalState state, FakeOperation operation, string? model)
    {
        if (state.Take(operation, model, FaultKind.Latency) is { } rule)
            await Task.Delay(rule.Delay, state.Time, context.RequestAborted);
    }

    internal static bool KeyAccepted(HttpContext context, FakeFalBehavior behavior)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Key ", StringComparison.Ordinal) || header.Length <= 4) return false;
        return behavior.ExpectedKey is null || header[4..] == behavior.ExpectedKey;
    }

    private static JsonObject StatusJson(HttpContext context, FakeRequest request, FakeStatus status, JsonArray? logs)
    {
        var body = new JsonObject
        {
            ["status"] = status.State switch
            {
                FakeState.InQueue => "IN_QUEUE",
                FakeState.InProgress => "IN_PROGRESS",
                _ => "COMPLETED",
            },
        };
        foreach (var (key, value) in Urls(context, request)) body[key] = value?.DeepClone();
        // Python's client indexes these keys, so they are always present (null when not asked for).
        body["logs"] = logs;
        if (status.State == FakeState.InQueue) body["queue_position"] = status.QueuePosition;
        if (status.State == FakeState.Completed)
        {
            body["metrics"] = new JsonObject { ["inference_time"] = Math.Round((request.CompleteAt - request.RunStart).TotalSeconds, 3) };
            if (status.Error is not null)
            {
                body["error"] = status.Error;
                body["error_type"] = status.ErrorType;
            }
        }
        return body;
    }

    private static JsonObject Urls(HttpContext context, FakeRequest request)
    {
        var requestUrl = $"{BaseUrl(context)}/{request.AppPath}/requests/{request.Id}";
        return new JsonObject
        {
            ["request_id"] = request.Id,
            ["response_url"] = requestUrl,
            ["status_url"] = $"{requestUrl}/status",
            ["cancel_url"] = $"{requestUrl}/cancel",
        };
    }

    internal static JsonArray ContentPolicyDetail(JsonObject input) => new(new JsonObject
    {
        ["loc"] = new JsonArray("body", "prompt"),
        ["msg"] = "The content could not be processed because it contained material flagged by a content checker.",
        ["type"] = "content_policy_violation",
        ["url"] = "https://docs.fal.ai/errors#content_policy_violation",
        ["input"] = input["prompt"]?.DeepClone(),
    });

    internal static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    internal static string AppPathOf(string modelId)
    {
        var segments = modelId.Split('/');
        var take = segments[0] is "workflows" or "comfy" ? 3 : 2;
        return string.Join('/', segments.Take(take));
    }

    /// <summary>The path and query to route on: the request's own, or those of <c>x-fal-target-url</c> (proxy mode).</summary>
    private static (string Path, IQueryCollection Query) Target(HttpContext context)
    {
        if (context.Request.Headers["x-fal-target-url"].ToString() is { Length: > 0 } target && Uri.TryCreate(target, UriKind.Absolute, out var uri))
            return (Uri.UnescapeDataString(uri.AbsolutePath).Trim('/'), new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)));
        return ((context.Request.Path.Value ?? "").Trim('/'), context.Request.Query);
    }
}
