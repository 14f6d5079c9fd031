using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalVideo.Core.Batches;
using FalVideo.Core.Domain;
using FalVideo.Core.Import;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FalVideo.Blazor.Api;

/// <summary>
/// <c>/api/batches</c>: upload a CSV for a preview or to start a batch, follow it, pause / resume / cancel / retry its
/// failed rows, re-run it with another model, and download its ZIP, manifests and rejected rows.
/// </summary>
public static class BatchEndpoints
{

    public sealed record LimitsRequest(int? MaxConcurrency, double? SubmitDelaySeconds, decimal? BudgetCap);

    public sealed record RerunRequest(string? Model, bool? Start, string? Name, int? MaxConcurrency, double? SubmitDelaySeconds, decimal? BudgetCap);

    public static RouteGroupBuilder MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value;
        var batches = app.MapGroup("/api/batches").WithTags("Batches");
        // Multipart and body-less POSTs are "simple" requests a foreign web page can send without a preflight, and
        // starting a batch spends money: refuse any POST whose Origin is another site (scripts like curl send none).
        batches.AddEndpointFilter(SameOriginPostsOnly);

        batches.MapPost("/", CreateAsync)
            .DisableAntiforgery()
            // Room for a file at the limit plus the form around it; larger uploads get a plain 413 problem.
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxFileBytes + 1024 * 1024))
            .WithFormOptions(multipartBodyLengthLimit: limits.MaxFileBytes + 1024 * 1024);

        batches.MapGet("/", async (BatchService service, CancellationToken ct) => Results.Ok(await service.ListAsync(100, ct)));

        batches.MapGet("/{id:guid}", async (Guid id, bool? jobs, int? page, int? pageSize, BatchService service, JobStore store, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } batch) return NotFound(id);
            var list = jobs == false ? null : await store.QueryAsync(new JobQuery
            {
                BatchId = id, Sort = JobSort.RowNumber, Page = page ?? 1, PageSize = pageSize ?? 500,
            }, ct);
            return Results.Ok(new BatchDetailResponse(batch, list, BatchLinks.For(id)));
        });

        batches.MapPost("/{id:guid}/pause", (Guid id, BatchService service, CancellationToken ct) => OnBatchAsync(id, () => service.PauseAsync(id, ct)));
        batches.MapPost("/{id:guid}/resume", (Guid id, BatchService service, CancellationToken ct) => OnBatchAsync(id, () => service.ResumeAsync(id, ct)));
        batches.MapPost("/{id:guid}/cancel", (Guid id, BatchService service, CancellationToken ct) => OnBatchAsync(id, () => service.CancelAsync(id, ct)));
        batches.MapPost("/{id:guid}/retry-failed", (Guid id, BatchService service, CancellationToken ct) =>
            OnBatchAsync(id, async () => (await service.RetryFailedAsync(id, ct)).Batch));

        batches.MapPost("/{id:guid}/limits", async (Guid id, LimitsRequest? body, BatchService service, CancellationToken ct) =>
        {
            try
            {
                return await OnBatchAsync(id, () => service.UpdateLimitsAsync(id, body?.MaxConcurrency, body?.SubmitDelaySeconds, body?.BudgetCap, ct));
            }
            catch (JobInputException ex)
            {
                return Problems.Validation(ex.Fields);
            }
        });

        batches.MapPost("/{id:guid}/rerun", async (Guid id, RerunRequest? body, BatchService service, ImportPreviewCache previews, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Model))
                return Problems.Validation([new FieldError("model", "is required: the model to re-run the batch with")]);
            try
            {
                var (preview, source) = await service.PreviewRerunAsync(id, body.Model, ct);
                if (body.Start != true) return Results.Ok(BatchPreviewResponse.From(preview, previews.Add(preview)));
                var created = await service.CreateAsync(preview, source,
                    new BatchRunOptions(body.Name, body.MaxConcurrency, body.SubmitDelaySeconds, body.BudgetCap), ct);
                return Results.Created($"/api/batches/{created.Id}", new BatchDetailResponse(created, null, BatchLinks.For(created.Id)));
            }
            catch (KeyNotFoundException)
            {
                return NotFound(id);
            }
            catch (Exception ex) when (ToProblem(ex) is { } problem)
            {
                return problem;
            }
        });

        batches.MapGet("/{id:guid}/zip", async (Guid id, HttpContext context, BatchService service, BatchArchive archive, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } batch) return NotFound(id);
            await StreamAsync(context, "application/zip", $"{FileStem(batch)}.zip", body => archive.WriteZipAsync(id, body, ct));
            return Results.Empty;
        });

        batches.MapGet("/{id:guid}/manifest.csv", async (Guid id, HttpContext context, BatchService service, BatchArchive archive, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } batch) return NotFound(id);
            await StreamAsync(context, "text/csv; charset=utf-8", $"{FileStem(batch)}_manifest.csv", body => archive.WriteManifestCsvAsync(id, body, ct));
            return Results.Empty;
        });

        batches.MapGet("/{id:guid}/manifest.json", async (Guid id, HttpContext context, BatchService service, BatchArchive archive, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } batch) return NotFound(id);
            await StreamAsync(context, "application/json; charset=utf-8", $"{FileStem(batch)}_manifest.json", body => archive.WriteManifestJsonAsync(id, body, ct));
            return Results.Empty;
        });

        batches.MapGet("/{id:guid}/rejected.csv", async (Guid id, HttpContext context, BatchService service, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } batch) return NotFound(id);
            var rejected = await service.RejectedAsync(id, ct);
            await StreamAsync(context, "text/csv; charset=utf-8", $"{FileStem(batch)}_rejected.csv", body => RejectedRowsCsv.WriteAsync(rejected, body, ct));
            return Results.Empty;
        });

        batches.MapGet("/previews/{previewId:guid}/rejected.csv", async (Guid previewId, HttpContext context, ImportPreviewCache previews, CancellationToken ct) =>
        {
            if (previews.Get(previewId) is not { } preview)
                return TypedResults.Problem("This preview is no longer kept (previews are kept 30 minutes). Upload the file again.", statusCode: StatusCodes.Status404NotFound, title: "Preview expired");
            var stem = Path.GetFileNameWithoutExtension(preview.FileName) is { Length: > 0 } name ? name : "upload";
            await StreamAsync(context, "text/csv; charset=utf-8", $"{stem}_rejected.csv", body => RejectedRowsCsv.WriteAsync(RejectedRows.From(preview), body, ct));
            return Results.Empty;
        });

        return batches;
    }

    /// <summary>
    /// <c>POST /api/batches</c>: multipart <c>file</c> plus options (<c>start</c>, <c>model</c>, <c>encoding</c>, <c>name</c>,
    /// <c>parameters</c> as a JSON object of defaults, <c>maxConcurrency</c>, <c>submitDelaySeconds</c>, <c>budgetCap</c>).
    /// </summary>
    private static async Task<IResult> CreateAsync(HttpContext context, CsvPromptImporter importer, BatchService service, ImportPreviewCache previews, CancellationToken ct)
    {
        IFormCollection form;
        try
        {
            if (!context.Request.HasFormContentType)
                return Problems.Validation([new FieldError("file", "send the CSV as multipart/form-data in a field named 'file'")]);
            form = await context.Request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            return Refused(CsvPromptImporter.TooLarge(null, importer.Options.MaxFileBytes).Refusal);
        }

        var file = form.Files.GetFile("file");
        if (file is null) return Problems.Validation([new FieldError("file", "is required: attach the CSV in a form field named 'file'")]);
        if (file.Length > importer.Options.MaxFileBytes) return Refused(CsvPromptImporter.TooLarge(file.Length, importer.Options.MaxFileBytes).Refusal);

        var errors = new List<FieldError>();
        string? Value(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
        var start = ParseBool(Value("start"), "start", errors) ?? false;
        var defaults = ParseObject(Value("parameters"), "parameters", errors);
        var run = new BatchRunOptions(
            Value("name"),
            ParseNumber(Value("maxConcurrency"), "maxConcurrency", errors, s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            ParseNumber(Value("submitDelaySeconds"), "submitDelaySeconds", errors, s => double.Parse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            ParseNumber(Value("budgetCap"), "budgetCap", errors, s => decimal.Parse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)),
            Start: true);
        errors.AddRange(run.Validate());
        if (errors.Count > 0) return Problems.Validation(errors);

        try
        {
            ImportResult preview;
            byte[] source;
            await using (var stream = file.OpenReadStream())
            {
                (preview, source) = await importer.ImportAsync(stream, new ImportRequest(Value("model"), defaults, Value("encoding"), Path.GetFileName(file.FileName)), ct);
            }
            if (!start) return Results.Ok(BatchPreviewResponse.From(preview, previews.Add(preview)));

            var batch = await service.CreateAsync(preview, source, run, ct);
            var jobs = await context.RequestServices.GetRequiredService<JobStore>()
                .QueryAsync(new JobQuery { BatchId = batch.Id, Sort = JobSort.RowNumber, PageSize = 500 }, ct);
            return Results.Created($"/api/batches/{batch.Id}", new BatchDetailResponse(batch, jobs, BatchLinks.For(batch.Id)));
        }
        catch (Exception ex) when (ToProblem(ex) is { } problem)
        {
            return problem;
        }
    }

    private static IResult? ToProblem(Exception ex) => ex switch
    {
        ImportRefusedException refused => Refused(refused.Refusal),
        BatchStateException { Code: BatchStateException.NoValidRows } state => TypedResults.Problem(state.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "No valid rows", extensions: new Dictionary<string, object?> { ["code"] = state.Code }),
        BatchStateException state => TypedResults.Problem(state.Message, statusCode: StatusCodes.Status409Conflict,
            title: "Not possible now", extensions: new Dictionary<string, object?> { ["code"] = state.Code }),
        JobInputException input => Problems.Validation(input.Fields),
        _ => null,
    };

    /// <summary>A whole-file refusal as problem+json: 413 too large, 415 not CSV text, 400 bad options, 422 otherwise.</summary>
    public static IResult Refused(ImportRefusal refusal) => TypedResults.Problem(new ProblemDetails
    {
        Status = refusal.Code switch
        {
            ImportRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ImportRefusal.NotText => StatusCodes.Status415UnsupportedMediaType,
            ImportRefusal.UnknownModel or ImportRefusal.InvalidDefaults => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        Title = refusal.Title,
        Detail = refusal.Detail,
        Extensions = { ["code"] = refusal.Code, ["line"] = refusal.Line },
    });

    private static async Task<IResult> OnBatchAsync(Guid id, Func<Task<BatchView>> action)
    {
        try
        {
            return Results.Ok(await action());
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
        catch (BatchStateException ex)
        {
            return ToProblem(ex)!;
        }
    }

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no batch {id}.", statusCode: StatusCodes.Status404NotFound, title: "Batch not found");

    /// <summary>Writes a download straight to the response body: no buffering, so memory stays flat for any size.</summary>
    private static async Task StreamAsync(HttpContext context, string contentType, string fileName, Func<Stream, Task> write)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = contentType;
        context.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = fileName,
            FileName = "\"" + new string([.. fileName.Select(c => c is >= ' ' and < '\x7F' and not '"' and not '\\' ? c : '_')]) + "\"",
        }.ToString();
        await write(context.Response.Body);
    }

    private static string FileStem(BatchView batch) =>
        $"falvideo_{FalVideo.Core.Media.Slug.From(batch.Name, 40)}_{batch.Id.ToString("N")[..8]}";

    private static async ValueTask<object?> SameOriginPostsOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsPost(request.Method) && request.Headers.Origin is { Count: > 0 } origin
            && (!Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var from)
                || !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem("Batch actions are only accepted from this app's own pages or from scripts without an Origin header.",
                statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused");
        }
        return await next(context);
    }

    private static bool? ParseBool(string? value, string field, List<FieldError> errors)
    {
        if (value is null) return null;
        switch (value.ToLowerInvariant())
        {
            case "true" or "1" or "on" or "yes": return true;
            case "false" or "0" or "off" or "no": return false;
            default:
                errors.Add(new FieldError(field, "must be true or false", value));
                return null;
        }
    }

    private static T? ParseNumber<T>(string? value, string field, List<FieldError> errors, Func<string, T> parse) where T : struct
    {
        if (value is null) return null;
        try
        {
            return parse(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            errors.Add(new FieldError(field, "must be a number (use a dot for decimals)", value));
            return null;
        }
    }

    private static JsonObject? ParseObject(string? value, string field, List<FieldError> errors)
    {
        if (value is null) return null;
        try
        {
            if (JsonNode.Parse(value) is JsonObject parsed) return parsed;
        }
        catch (JsonException)
        {
        }
        errors.Add(new FieldError(field, "must be a JSON object of default model parameters, e.g. {\"aspect_ratio\":\"9:16\"}", value));
        return null;
    }
}
