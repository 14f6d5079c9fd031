using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FalVideo.FakeFal;

/// <summary>
/// Controls for runs by hand (tests use <see cref="FakeFalState"/> directly): <c>GET /_fake/submits</c>,
/// <c>GET /_fake/websockets</c>, <c>POST /_fake/websockets/drop-idle</c>, <c>GET|PUT|DELETE /_fake/faults</c> (a JSON array of <see cref="FaultRule"/>), <c>GET|PUT /_fake/behavior</c>.
/// </summary>
public static class FakeControlEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapFakeControl(this IEndpointRouteBuilder app, FakeFalState state)
    {
        var control = app.MapGroup("/_fake");
        control.MapGet("/submits", () => Results.Json(new JsonObject
        {
            ["total"] = state.AcceptedSubmitCount,
            ["submits"] = new JsonArray([.. state.AcceptedSubmits.Select(s => (JsonNode)new JsonObject
            {
                ["model"] = s.Key.Model,
                ["prompt"] = s.Key.Prompt,
                ["seed"] = s.Key.Seed,
                ["count"] = s.Value,
            })]),
        }));
        control.MapGet("/websockets", () => Results.Json(new JsonObject
        {
            ["accepted"] = state.WebSocketsAccepted,
            ["open"] = state.OpenWebSockets,
            ["peak_open"] = state.PeakOpenWebSockets,
            ["requests"] = state.Calls(FakeOperation.WebSocketRequest),
            ["connections"] = new JsonArray([.. state.WebSockets.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["model"] = s.ModelId,
                ["busy"] = s.IsBusy,
                ["requests"] = s.Requests,
            })]),
        }));
        control.MapPost("/websockets/drop-idle", () => Results.Json(new JsonObject { ["dropped"] = state.DropIdleWebSockets() }));
        control.MapGet("/faults", () => Results.Json(state.Faults, Json));
        control.MapPut("/faults", async (HttpContext context) =>
        {
            var rules = await JsonSerializer.DeserializeAsync<FaultRule[]>(context.Request.Body, Json, context.RequestAborted) ?? [];
            state.SetFaults(rules);
            return Results.Json(state.Faults, Json);
        });
        control.MapDelete("/faults", () =>
        {
            state.ClearFaults();
            return Results.NoContent();
        });
        control.MapGet("/behavior", () => Results.Json(state.Behavior, Json));
        control.MapPut("/behavior", async (HttpContext context) =>
        {
            state.Behavior = await JsonSerializer.DeserializeAsync<FakeFalBehavior>(context.Request.Body, Json, context.RequestAborted) ?? new FakeFalBehavior();
            return Results.Json(state.Behavior, Json);
        });
        return app;
    }
}
