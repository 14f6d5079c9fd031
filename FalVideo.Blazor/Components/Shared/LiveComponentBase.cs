using FalVideo.Blazor.State;
using Microsoft.AspNetCore.Components;

namespace FalVideo.Blazor.Components.Shared;

/// <summary>
/// A component that renders from the circuit's <see cref="JobStateService"/>: starts it, re-renders on each published
/// snapshot through <c>InvokeAsync</c> (errors go to the error boundary) and unsubscribes when disposed.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    [Inject]
    protected JobStateService State { get; set; } = default!;

    protected JobStateSnapshot Snapshot => State.Snapshot;

    protected override void OnInitialized() => State.Changed += OnStateChanged;

    protected override Task OnInitializedAsync() => State.StartAsync();

    /// <summary>Called on the renderer's thread before re-rendering for a new snapshot.</summary>
    protected virtual Task OnSnapshotAsync() => Task.CompletedTask;

    private void OnStateChanged() => _ = InvokeAsync(async () =>
    {
        try
        {
            await OnSnapshotAsync();
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    public virtual void Dispose()
    {
        State.Changed -= OnStateChanged;
        GC.SuppressFinalize(this);
    }
}
