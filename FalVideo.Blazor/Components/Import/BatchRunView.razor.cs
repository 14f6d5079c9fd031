using System.Globalization;
using FalVideo.Blazor.State;
using FalVideo.Core.Batches;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Import;

/// <summary>Follows one batch through <see cref="BatchStateService"/> (live, coalesced) and sends the user's actions to it.</summary>
public partial class BatchRunView : IDisposable
{

    private bool _loaded;
    private bool _busy;
    private Guid _watching;
    private int? _concurrency;
    private double? _delay;
    private decimal? _budget;
    private BatchLimitFields? _limits;
    private string? _rerunModel;

    [Inject] private BatchStateService State { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter, EditorRequired] public Guid BatchId { get; set; }

    protected override void OnInitialized() => State.Changed += OnStateChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (_watching == BatchId) return;
        _watching = BatchId;
        _loaded = false;
        await State.WatchAsync(BatchId);
        if (State.Watched?.Batch is { } batch && batch.Id == BatchId)
        {
            _concurrency = batch.MaxConcurrency;
            _delay = batch.SubmitDelaySeconds;
            _budget = batch.BudgetCap;
            _rerunModel = State.Models.FirstOrDefault(m => m.Id != batch.ModelId)?.Id;
        }
        _loaded = true;
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is BatchStateException or JobInputException or KeyNotFoundException)
        {
            Snackbar.Add(string.Format(CultureInfo.CurrentCulture, Texts["Run_ActionFailed"], ex.Message), Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CancelAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(Texts["Run_Cancel"], Texts["Run_CancelConfirm"], Texts["Run_CancelYes"], cancelText: Texts["Run_CancelNo"]);
        if (confirmed == true) await RunAsync(State.CancelAsync);
    }

    private Task RetryFailedAsync() => RunAsync(async () =>
    {
        var retried = await State.RetryFailedAsync();
        Snackbar.Add(string.Format(CultureInfo.CurrentCulture, Texts["Run_Retried"], retried), Severity.Info);
    });

    private Task SaveLimitsAsync()
    {
        if (_limits is null || !_limits.TryRead(out var concurrency, out var delay, out var budget)) return Task.CompletedTask;
        return RunAsync(async () =>
        {
            await State.UpdateLimitsAsync(concurrency, delay, budget);
            (_concurrency, _delay, _budget) = (concurrency, delay, budget);
            Snackbar.Add(Texts["Run_LimitsSaved"], Severity.Success);
        });
    }

    private Task PreviewRerunAsync() => RunAsync(async () =>
    {
        await State.PreviewRerunAsync(BatchId, _rerunModel!);
        Navigation.NavigateTo("batches");
    });

    private void OnStateChanged() => _ = InvokeAsync(async () =>
    {
        try
        {
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    public void Dispose() => State.Changed -= OnStateChanged;
}
