using FalVideo.Blazor.Components.Shared;
using FalVideo.Core.Domain;
using FalVideo.Core.Generation;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Jobs;

/// <summary>Jobs in flight and waiting, live. Elapsed times tick once a second while any job is shown.</summary>
public sealed partial class ActiveJobList
{
    private readonly HashSet<Guid> _canceling = [];
    private ITimer? _ticker;
    private DateTimeOffset _now;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Show at most this many (the Generate page shows a short list).</summary>
    [Parameter]
    public int? MaxItems { get; set; }

    private IReadOnlyList<JobView> Jobs => MaxItems is { } max ? [.. Snapshot.Active.Take(max)] : [.. Snapshot.Active];

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _now = State.Clock.GetUtcNow();
        _ticker = State.Clock.CreateTimer(_ => _ = InvokeAsync(Tick), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    protected override Task OnSnapshotAsync()
    {
        _now = State.Clock.GetUtcNow();
        return Task.CompletedTask;
    }

    private void Tick()
    {
        _now = State.Clock.GetUtcNow();
        // Nothing moves on an empty list: skip the render.
        if (Snapshot.InFlight.Count > 0 || Snapshot.PendingHead.Count > 0) StateHasChanged();
    }

    private async Task CancelAsync(JobView job)
    {
        if (!_canceling.Add(job.Id)) return;
        try
        {
            if (await Snackbar.RunAsync(L, () => State.CancelAsync(job.Id))) Snackbar.Add(L["Cancel_Requested", Short(job.Prompt)], Severity.Info);
        }
        finally
        {
            _canceling.Remove(job.Id);
        }
    }

    private static string Short(string prompt) => prompt.Length <= 40 ? prompt : prompt[..40] + "…";

    public override void Dispose()
    {
        _ticker?.Dispose();
        base.Dispose();
    }
}
