using System.Globalization;
using System.Text.Json.Nodes;
using FalVideo.Blazor.Components.Shared;
using FalVideo.Blazor.State;
using FalVideo.Core.Catalog;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Generate;

/// <summary>
/// The job form, generated from the model catalog: a model picker, the prompt with a character count, one input per
/// field with per-field messages, and the cost estimate. Submitting creates the job; it appears in the live list at once.
/// </summary>
public sealed partial class SubmitJobForm
{
    private readonly Dictionary<string, string?> _raw = [];
    private readonly Dictionary<string, string> _errors = [];
    private string _modelId = "";
    private string? _prompt;
    private string? _promptError;
    private string? _formError;
    private bool _submitting;
    private Guid? _reusedFrom;
    private string? _lastSubmitted;
    private DateTimeOffset _lastSubmittedAt;

    /// <summary>
    /// The same form submitted again this soon is the second click of a double-click, not a wish for a second (billed) video.
    /// The first click's job is often stored before the second click arrives, so "busy" alone cannot tell them apart.
    /// </summary>
    public static readonly TimeSpan DoubleClickWindow = TimeSpan.FromSeconds(1.5);

    [Inject]
    private JobStateService State { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A job whose model, prompt and parameters fill the form ("Use these settings again").</summary>
    [Parameter]
    public Guid? From { get; set; }

    /// <summary>Raised with the new job after a successful submit.</summary>
    [Parameter]
    public EventCallback<JobView> OnSubmitted { get; set; }

    private ModelDefinition Model => State.Models.TryGet(_modelId, out var model) ? model : State.Models.Models[0];

    private int PromptLength => _prompt?.Trim().Length ?? 0;

    private string PromptCount => L["Generate_PromptCount", PromptLength.ToString("N0", CultureInfo.CurrentCulture), JobCommands.MaxPromptLength.ToString("N0", CultureInfo.CurrentCulture)];

    private int OptionCount => Model.Fields.Count(f => f.Name != "prompt");

    /// <summary>The estimate for what is in the form now (fal's defaults for fields left empty), or null when unknown.</summary>
    private decimal? Estimate => Model.EstimateCost(ValidInput());

    protected override void OnInitialized() => _modelId = State.Models.TryGet(State.DefaultModelId, out _) ? State.DefaultModelId : State.Models.Models[0].Id;

    protected override async Task OnParametersSetAsync()
    {
        if (From is not { } jobId || jobId == _reusedFrom) return;
        var job = await State.GetJobAsync(jobId);
        if (job is null)
        {
            Snackbar.Add(L["Job_Gone"], Severity.Warning);
            return;
        }
        LoadFrom(job);
    }

    /// <summary>Fills the form from a job; fields the model no longer has are reported, not silently sent.</summary>
    internal void LoadFrom(JobView job)
    {
        _reusedFrom = job.Id;
        if (State.Models.TryGet(job.Model, out _)) _modelId = job.Model;
        else Snackbar.Add(L["Generate_ModelGone", job.Model], Severity.Warning);
        _prompt = job.Prompt;
        _raw.Clear();
        _errors.Clear();
        var dropped = new List<string>();
        foreach (var (name, value) in job.Parameters)
        {
            if (Model.Field(name) is { } field) SetField(field, FieldInputCheck.ToRaw(value));
            else dropped.Add(name);
        }
        // A random seed is part of "these settings" too: the one actually used makes the same video again (clear it for a new one).
        if (!job.Parameters.ContainsKey("seed") && job.Seed is { } usedSeed && Model.Field("seed") is { } seedField)
            SetField(seedField, usedSeed.ToString(CultureInfo.InvariantCulture));
        if (dropped.Count > 0) Snackbar.Add(L["Generate_ReuseDropped", string.Join(", ", dropped)], Severity.Info);
        _promptError = null;
    }

    private string ModelName(string? id) => id is not null && State.Models.TryGet(id, out var model) ? $"{model.DisplayName} ({model.Id})" : id ?? "";

    private void OnModelChanged(string? modelId)
    {
        if (modelId is null || !State.Models.TryGet(modelId, out var model)) return;
        _modelId = modelId;
        // Keep what still applies to the new model; drop the rest rather than send fields it does not have.
        foreach (var name in _raw.Keys.Where(n => model.Field(n) is null).ToList()) _raw.Remove(name);
        _errors.Clear();
        foreach (var (name, raw) in _raw.ToList()) SetField(model.Field(name)!, raw);
    }

    private void OnPromptChanged(string? prompt)
    {
        _prompt = prompt;
        _promptError = PromptProblem();
    }

    private void OnFieldChanged(ModelField field, string? raw) => SetField(field, raw);

    private void SetField(ModelField field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) _raw.Remove(field.Name);
        else _raw[field.Name] = raw;
        var (_, error) = FieldInputCheck.Check(field, raw, L);
        if (error is null) _errors.Remove(field.Name);
        else _errors[field.Name] = error;
    }

    private string? RawOf(string name) => _raw.GetValueOrDefault(name);

    private string? ErrorOf(string name) => _errors.GetValueOrDefault(name);

    private string? PromptProblem() => PromptLength switch
    {
        0 => L["Field_PromptRequired"].Value,
        > JobCommands.MaxPromptLength => L["Field_PromptTooLong", PromptLength, JobCommands.MaxPromptLength].Value,
        _ => null,
    };

    private JsonObject ValidInput()
    {
        var input = new JsonObject();
        foreach (var (name, raw) in _raw)
        {
            if (Model.Field(name) is { } field && FieldInputCheck.Check(field, raw, L) is { Value: { } value, Error: null }) input[name] = value;
        }
        return input;
    }

    private void Reset()
    {
        _raw.Clear();
        _errors.Clear();
        _prompt = null;
        _promptError = null;
        _formError = null;
        _reusedFrom = null;
    }

    private async Task SubmitAsync()
    {
        if (_submitting) return;
        _formError = null;
        _promptError = PromptProblem();
        foreach (var field in Model.Fields.Where(f => f.Name != "prompt")) SetField(field, RawOf(field.Name));
        if (_promptError is not null || _errors.Count > 0)
        {
            _formError = L["Generate_FixFields"];
            return;
        }
        var input = ValidInput();
        var signature = string.Join('\n', _modelId, _prompt, input.ToJsonString());
        var now = State.Clock.GetUtcNow();
        if (signature == _lastSubmitted && now - _lastSubmittedAt < DoubleClickWindow) return;
        _lastSubmitted = signature;
        _lastSubmittedAt = now;
        _submitting = true;
        try
        {
            var job = await State.SubmitAsync(_prompt, _modelId, input);
            Snackbar.Add(L["Generate_Submitted"], Severity.Success, options =>
            {
                options.Action = L["Action_Open"];
                options.OnClick = _ => { Navigation.NavigateTo($"jobs/{job.Id}"); return Task.CompletedTask; };
            });
            await OnSubmitted.InvokeAsync(job);
        }
        catch (JobInputException ex)
        {
            // The server's own check (same catalog) refused something the form let through: show it on the field.
            foreach (var field in ex.Fields)
            {
                if (field.Field == "prompt") _promptError = PromptProblem() ?? field.Message;
                else if (Model.Field(field.Field) is { } modelField) _errors[field.Field] = FieldInputCheck.Explain(modelField, RawOf(field.Field), field.Message, L);
            }
            _formError = L["Generate_Refused", string.Join("; ", ex.Fields.Select(f => f.ToString()))];
            _lastSubmitted = null;
        }
        finally
        {
            _submitting = false;
        }
    }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;
}
