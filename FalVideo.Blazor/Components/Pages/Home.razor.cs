using FalVideo.Blazor.Components.Jobs;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FalVideo.Blazor.Components.Pages;

/// <summary>The dashboard: counters, live active jobs, recent results that open in a player.</summary>
public sealed partial class Home
{
    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private DashboardCounters Counters => Snapshot.Counters;

    private Task OpenPlayerAsync(JobView job) =>
        Dialogs.ShowAsync<PlayerDialog>(job.Prompt, new DialogParameters<PlayerDialog> { { d => d.Job, job } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
}
