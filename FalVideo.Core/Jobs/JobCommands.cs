using System.Text.Json.Nodes;
using FalVideo.Core.Domain;
using FalVideo.Core.Media;

namespace FalVideo.Core.Jobs;

/// <summary>The user's actions on jobs, shared by the HTTP API and the Blazor components.</summary>
public sealed class JobCommands(
    JobStore store,
    JobRunner runner,
    RunnerState state,
    MediaStore media,
    IEnumerable<IJobInputValidator> validators,
    DefaultModel defaultModel)
{
    public const int MaxPromptLength = 5000;

    /// <summary>Validates and stores a new job; the runner picks it up. Throws <see cref="JobInputException"/> naming the bad fields.</summary>
    public async Task<JobView> SubmitAsync(string? prompt, string? modelId = null, JsonObject? parameters = null, CancellationToken cancellationToken = default)
    {
        var model = string.IsNullOrWhiteSpace(modelId) ? defaultModel.Id : modelId.Trim();
        var text = prompt?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (text.Length == 0) errors.Add(new FieldError("prompt", "is required: describe the video you want."));
        else if (text.Length > MaxPromptLength) errors.Add(new FieldError("prompt", $"is {text.Length} characters; the limit is {MaxPromptLength}."));

        var input = parameters ?? [];
        input.Remove("prompt");
        decimal? estimate = null;
        foreach (var validator in validators)
        {
            var check = validator.Check(model, text, input);
            errors.AddRange(check.Errors);
            input = check.Parameters;
            estimate = check.EstimatedCost ?? estimate;
        }
        if (errors.Count > 0) throw new JobInputException(errors);

        var job = await store.CreateAsync(new NewJob(text, model, input, EstimatedCost: estimate), cancellationToken);
        state.Signal();
        return job;
    }

    public Task<JobView> CancelAsync(Guid id, CancellationToken cancellationToken = default) => runner.CancelAsync(id, cancellationToken);

    /// <summary>
    /// The user's retry. An interrupted job the provider already accepted is followed again (no second bill); anything
    /// else is submitted anew as a new attempt, keeping the earlier attempt's details.
    /// </summary>
    public async Task<JobView> RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var existing = await store.GetEntityAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"Job {id} does not exist.");
        if (runner.CanReattach(existing)) return await runner.ReattachAsync(id, cancellationToken);
        var job = await store.RetryAsync(id, cancellationToken);
        state.Signal();
        return job;
    }

    /// <summary>Deletes a finished job with its video, poster and sidecar. Returns false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var job = await store.DeleteAsync(id, cancellationToken);
        if (job is null) return false;
        media.Delete(job.Id);
        return true;
    }
}
