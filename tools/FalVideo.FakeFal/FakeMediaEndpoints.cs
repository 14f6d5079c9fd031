using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FalVideo.FakeFal;

/// <summary>
/// The fake CDN: <c>GET /cdn/files/{requestId}/output.mp4</c>, public (no key, like fal's CDN), with single-range
/// <c>Range</c> support (206 / 416) and injected slow or truncated transfers.
/// </summary>
public static class FakeMediaEndpoints
{
    private const int ChunkSize = 16 * 1024;

    public static IEndpointRouteBuilder MapFakeMedia(this IEndpointRouteBuilder app, FakeFalState state)
    {
        app.MapGet("/cdn/files/{requestId}/{fileName}", (HttpContext context, string requestId) => ServeAsync(context, state, requestId));
        return app;
    }

    private static async Task ServeAsync(HttpContext context, FakeFalState state, string requestId)
    {
        state.Count(FakeOperation.Media);
        var request = state.Find(requestId);
        if (request is null)
        {
            await FakeResponses.ErrorAsync(context, 404, "File not found");
            return;
        }
        if (state.Take(FakeOperation.Media, request.ModelId, FaultKind.HttpStatus) is { } status)
        {
            await FakeResponses.InjectedStatusAsync(context, status);
            return;
        }
        await FakeQueueEndpoints.LatencyAsync(context, state, FakeOperation.Media, request.ModelId);

        var path = await FakeMediaLibrary.GetAsync(request.Width, request.Height);
        var length = new FileInfo(path).Length;
        long from = 0;
        if (RangeHeaderValue.TryParse(context.Request.Headers.Range.ToString(), out var range)
            && range.Unit == "bytes" && range.Ranges.Count == 1 && range.Ranges.First() is { From: { } start })
        {
            if (start >= length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                context.Response.Headers.ContentRange = $"bytes */{length}";
                return;
            }
            from = start;
            if (from > 0) state.CountRange();
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{length - 1}/{length}");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        context.Response.ContentType = "video/mp4";
        context.Response.Headers.AcceptRanges = "bytes";
        var truncate = state.Take(FakeOperation.Media, request.ModelId, FaultKind.TruncatedMedia);
        // A truncated transfer is sent chunked and simply ends early, so every byte sent reaches the client (a reset
        // would let the client's kernel drop unread data); only fal's file_size shows it is short.
        if (truncate is null) context.Response.ContentLength = length - from;

        var slow = state.Take(FakeOperation.Media, request.ModelId, FaultKind.SlowMedia);
        var limit = truncate is null ? length - from : (long)((length - from) * Math.Clamp(truncate.Fraction, 0, 0.99));

        await using var file = File.OpenRead(path);
        file.Seek(from, SeekOrigin.Begin);
        var buffer = new byte[ChunkSize];
        long sent = 0;
        var ct = context.RequestAborted;
        try
        {
            while (sent < limit)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - sent)), ct);
                if (read == 0) break;
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                await context.Response.Body.FlushAsync(ct);
                sent += read;
                if (slow is not null) await Task.Delay(TimeSpan.FromSeconds((double)read / Math.Max(1, slow.BytesPerSecond)), state.Time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
    }
}
