using FalVideo.Blazor.Components.Shared;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Pages;

/// <summary>One job, live: parameters, logs, timings, request id, error details, the player, and its actions.</summary>
public sealed partial class JobDetail
{
    private bool _loaded;
    private bool _busy;
    private Guid _pinned;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private JobView? Job => Snapshot.Pinned.GetValueOrDefault(Id);

    protected override async Task OnParametersSetAsync()
    {
        if (_pinned == Id) return;
        if (_pinned != Guid.Empty) State.Unpin(_pinned);
        _pinned = Id;
        _loaded = false;
        await State.PinAsync(Id);
        _loaded = true;
    }

    private Task CancelAsync() => RunAsync(async () =>
    {
        await State.CancelAsync(Id);
        Snackbar.Add(L["Cancel_RequestedThis"], Severity.Info);
    });

    private Task RetryAsync() => RunAsync(async () =>
    {
        var job = await State.RetryAsync(Id);
        // Queued at once = re-attached to the request fal already has (no new bill); pending = a new, billed attempt.
        Snackbar.Add(job.Status == JobStatus.Queued ? L["Retry_Reattached"] : L["Retry_Queued"], Severity.Info);
    });

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Delete_Title"], L["Delete_Confirm"], yesText: L["Action_Delete"], cancelText: L["Action_Keep"]);
        if (confirmed != true) return;
        await RunAsync(async () =>
        {
            if (await State.DeleteAsync(Id)) Snackbar.Add(L["Delete_Done"], Severity.Success);
            Navigation.NavigateTo("gallery");
        });
    }

    /// <summary>Runs a job action; a refusal (the job moved on meanwhile, or is gone) becomes a message, not an error page.</summary>
    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await Snackbar.RunAsync(L, action);
        }
        catch (InvalidOperationException)
        {
            // JobStore refuses to delete a job that is still running.
            Snackbar.Add(L["Delete_StillRunning"], Severity.Warning);
        }
        finally
        {
            _busy = false;
        }
    }

    public override void Dispose()
    {
        if (_pinned != Guid.Empty) State.Unpin(_pinned);
        base.Dispose();
    }
}
