using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using FalVideo.Core.Media;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FalVideo.Blazor.Api;

/// <summary><c>/api/jobs</c>: create, list, read, cancel, retry, delete; the video and poster files.</summary>
public static class JobEndpoints
{
    public sealed record CreateJobRequest(string? Prompt, string? Model, JsonObject? Parameters);

    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");

        jobs.MapPost("/", async Task<Results<Accepted<JobView>, ProblemHttpResult>> (CreateJobRequest? body, JobCommands commands, CancellationToken ct) =>
        {
            try
            {
                var job = await commands.SubmitAsync(body?.Prompt, body?.Model, body?.Parameters, ct);
                return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
            }
            catch (JobInputException ex)
            {
                return Problems.Validation(ex.Fields);
            }
        });

        jobs.MapGet("/", async (string? status, string? q, string? model, Guid? batchId, int? page, int? pageSize, JobStore store, CancellationToken ct) =>
        {
            var statuses = new List<JobStatus>();
            foreach (var part in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!JobStatusRules.TryParseWire(part, out var parsed))
                    return Problems.Validation([new FieldError("status", $"'{part}' is not a status; use one of {string.Join(", ", Enum.GetValues<JobStatus>().Select(s => s.ToWire()))}.", part)]);
                statuses.Add(parsed);
            }
            var result = await store.QueryAsync(new JobQuery
            {
                Statuses = statuses, Text = q, Model = model, BatchId = batchId, Page = page ?? 1, PageSize = pageSize ?? 50,
            }, ct);
            return Results.Ok(result);
        });

        jobs.MapGet("/{id:guid}", async Task<Results<Ok<JobView>, ProblemHttpResult>> (Guid id, JobStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } job ? TypedResults.Ok(job) : Problems.JobNotFound(id));

        jobs.MapPost("/{id:guid}/cancel", (Guid id, JobCommands commands, CancellationToken ct) =>
            Problems.OnJobAsync(id, () => commands.CancelAsync(id, ct)));

        jobs.MapPost("/{id:guid}/retry", (Guid id, JobCommands commands, CancellationToken ct) =>
            Problems.OnJobAsync(id, () => commands.RetryAsync(id, ct)));

        jobs.MapDelete("/{id:guid}", async (Guid id, JobCommands commands, CancellationToken ct) =>
        {
            try
            {
                return await commands.DeleteAsync(id, ct) ? Results.NoContent() : Problems.JobNotFound(id);
            }
            catch (InvalidOperationException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Job is still running");
            }
        });

        jobs.MapGet("/{id:guid}/video", async (Guid id, string? download, JobStore store, CancellationToken ct) =>
        {
            var job = await store.GetEntityAsync(id, ct);
            if (job?.VideoPath is null || job.Status != JobStatus.Completed || !File.Exists(job.VideoPath))
                return Problems.NotReady(id, "video");
            // ?download=1 (as documented) or ?download=true: a bool parameter would answer 400 to "1".
            var attachment = download is "1" || string.Equals(download, "true", StringComparison.OrdinalIgnoreCase);
            return Results.File(job.VideoPath, "video/mp4", attachment ? DownloadName(job) : null, enableRangeProcessing: true);
        });

        jobs.MapGet("/{id:guid}/poster", async (Guid id, JobStore store, CancellationToken ct) =>
        {
            var job = await store.GetEntityAsync(id, ct);
            return job?.PosterPath is { } poster && File.Exists(poster)
                ? Results.File(poster, "image/jpeg")
                : Problems.NotReady(id, "poster");
        });

        return jobs;
    }

    /// <summary>A readable file name: <c>falvideo_{first words of the prompt}_{id8}.mp4</c>.</summary>
    public static string DownloadName(VideoJob job) => $"falvideo_{Slug.From(job.Prompt, 40)}_{job.Id.ToString("N")[..8]}.mp4";
}
