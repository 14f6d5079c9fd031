using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Pages;

/// <summary>Runner knobs (applied at once and stored), pause / resume, and read-only facts about the installation.</summary>
public sealed partial class Settings
{
    private int _maxConcurrency;
    private int _submitsPerMinute;
    private decimal? _dailyBudget;
    private bool _saving;
    private IReadOnlyList<FieldError> _errors = [];

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
        _maxConcurrency = current.MaxConcurrency;
        _submitsPerMinute = current.SubmitsPerMinute;
        _dailyBudget = current.DailyBudget;
        _errors = [];
    }

    private string? ErrorFor(string field) => _errors.Any(e => e.Field == field) ? L[$"Settings_Invalid_{field}"].Value : null;

    private async Task SaveAsync()
    {
        var settings = new RuntimeSettings(_maxConcurrency, _submitsPerMinute, _dailyBudget);
        _errors = settings.Validate();
        if (_errors.Count > 0) return;
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
