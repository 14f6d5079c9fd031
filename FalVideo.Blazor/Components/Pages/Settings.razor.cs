using System.Globalization;
using FalVideo.Blazor.Components.Shared;
using FalVideo.Blazor.State;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Pages;

/// <summary>Runner knobs (applied at once and stored), pause / resume, and read-only facts about the installation.</summary>
public sealed partial class Settings
{
    // The field names of RuntimeSettings.Validate, which also name the Settings_Invalid_* texts.
    internal const string MaxConcurrencyField = "maxConcurrency";
    internal const string SubmitsPerMinuteField = "submitsPerMinute";
    internal const string DailyBudgetField = "dailyBudget";

    // What the user typed, kept as text so nothing is rounded, clamped or turned into 0 behind their back.
    private string? _maxConcurrency;
    private string? _submitsPerMinute;
    private string? _dailyBudget;
    private bool _saving;
    private HashSet<string> _invalid = [];

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private AppEnvironment Env => State.Environment;

    protected override void OnInitialized()
    {
        base.OnInitialized();
        Revert();
    }

    private void Revert()
    {
        var current = State.Settings;
        _maxConcurrency = current.MaxConcurrency.ToString(CultureInfo.CurrentCulture);
        _submitsPerMinute = current.SubmitsPerMinute.ToString(CultureInfo.CurrentCulture);
        _dailyBudget = current.DailyBudget?.ToString(CultureInfo.CurrentCulture);
        _invalid = [];
    }

    private string? ErrorFor(string field) => _invalid.Contains(field) ? L[$"Settings_Invalid_{field}"].Value : null;

    private void OnChanged(string field, string? text)
    {
        switch (field)
        {
            case MaxConcurrencyField: _maxConcurrency = text; break;
            case SubmitsPerMinuteField: _submitsPerMinute = text; break;
            default: _dailyBudget = text; break;
        }
        // Say at once whether this box holds an allowed value, without touching what was typed.
        Parse(out var problems);
        if (problems.Contains(field)) _invalid.Add(field);
        else _invalid.Remove(field);
    }

    /// <summary>The settings as typed, or null when a box does not hold an allowed value (<paramref name="problems"/> names which).</summary>
    private RuntimeSettings? Parse(out HashSet<string> problems)
    {
        problems = [];
        var concurrency = StrictNumberInput.WholeNumber(_maxConcurrency, 1, RuntimeSettings.MaxConcurrencyLimit);
        if (concurrency is null) problems.Add(MaxConcurrencyField);
        var rate = StrictNumberInput.WholeNumber(_submitsPerMinute, 0, RuntimeSettings.SubmitsPerMinuteLimit);
        if (rate is null) problems.Add(SubmitsPerMinuteField);
        if (!StrictNumberInput.TryMoney(_dailyBudget, out var budget)) problems.Add(DailyBudgetField);
        if (problems.Count > 0) return null;
        var settings = new RuntimeSettings(concurrency!.Value, rate!.Value, budget);
        // The store's own rules are the last word (the API uses them too).
        problems.UnionWith(settings.Validate().Select(e => e.Field));
        return problems.Count == 0 ? settings : null;
    }

    private async Task SaveAsync()
    {
        var settings = Parse(out var problems);
        _invalid = problems;
        if (settings is null) return;
        _saving = true;
        try
        {
            await State.SaveSettingsAsync(settings);
            Snackbar.Add(L["Settings_Saved"], Severity.Success);
        }
        finally
        {
            _saving = false;
        }
    }
}
