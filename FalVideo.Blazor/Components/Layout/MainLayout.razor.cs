using FalVideo.Blazor.Components.Shared;
using FalVideo.Blazor.Interop;
using FalVideo.Blazor.State;
using FalVideo.Core.Domain;
using FalVideo.Core.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace FalVideo.Blazor.Components.Layout;

/// <summary>
/// The shell: app bar (provider, notifications, language, dark mode), navigation, the dispatch-paused banner, and the
/// snackbar / desktop notification when a watched job or batch ends.
/// </summary>
public sealed partial class MainLayout : IDisposable
{
    private readonly MudTheme _theme = new();
    private MudThemeProvider? _themeProvider;
    private ErrorBoundary? _errorBoundary;
    private bool _isDark;
    private bool _drawerOpen = true;
    private bool _notificationsOn;

    [Inject]
    private JobStateService State { get; set; } = default!;

    [Inject]
    private BrowserInterop Browser { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private ProviderKind Provider => State.Environment.Provider;

    protected override void OnInitialized()
    {
        State.Changed += OnStateChanged;
        State.JobEnded += OnJobEnded;
    }

    protected override Task OnInitializedAsync() => State.StartAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive) return;
        try
        {
            var remembered = await Browser.DarkModePreferenceAsync();
            _isDark = remembered ?? (_themeProvider is not null && await _themeProvider.GetSystemDarkModeAsync());
            _notificationsOn = await Browser.NotificationsEnabledAsync();
            StateHasChanged();
        }
        catch (JSDisconnectedException)
        {
            // The tab closed during start-up.
        }
    }

    private async Task ToggleDarkModeAsync()
    {
        _isDark = !_isDark;
        await Browser.SetDarkModePreferenceAsync(_isDark);
    }

    private async Task ToggleNotificationsAsync()
    {
        if (_notificationsOn)
        {
            await Browser.DisableNotificationsAsync();
            _notificationsOn = false;
            Snackbar.Add(L["Notify_Off"], Severity.Normal);
            return;
        }
        var permission = await Browser.EnableNotificationsAsync();
        _notificationsOn = permission == "granted";
        Snackbar.Add(permission switch
        {
            "granted" => L["Notify_On"],
            "unsupported" => L["Notify_Unsupported"],
            _ => L["Notify_Denied"],
        }, _notificationsOn ? Severity.Success : Severity.Warning);
    }

    private void OnStateChanged() => _ = InvokeAsync(StateHasChanged);

    private void OnJobEnded(JobEndedNotice notice) => _ = InvokeAsync(async () =>
    {
        try
        {
            await AnnounceAsync(notice);
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone; nobody to tell.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private async Task AnnounceAsync(JobEndedNotice notice)
    {
        var job = notice.Job;
        // A batch's rows are announced once, by the batch: fifty "video ready" toasts would bury the page.
        if (job.BatchId is null) await AnnounceJobAsync(job);
        if (notice.BatchFinished is { } batch)
        {
            var summary = L["Notice_BatchFinished", batch.Name, batch.Completed, batch.Failed, batch.Canceled];
            Snackbar.Add(summary, batch.Failed > 0 ? Severity.Warning : Severity.Success, options => options.RequireInteraction = true, key: $"batch-{batch.BatchId}");
            if (_notificationsOn) await Browser.NotifyAsync("FalVideo", summary, Navigation.ToAbsoluteUri("batches").ToString(), batch.BatchId.ToString());
        }
    }

    private async Task AnnounceJobAsync(JobView job)
    {
        var prompt = job.Prompt.Length <= 60 ? job.Prompt : job.Prompt[..60] + "…";
        var url = Navigation.ToAbsoluteUri($"jobs/{job.Id}").ToString();
        string title;
        if (job.Status == JobStatus.Completed)
        {
            title = L["Notice_Completed"];
            Snackbar.Add($"{title}: {prompt}", Severity.Success, options =>
            {
                options.Action = L["Action_Open"];
                options.OnClick = _ => { Navigation.NavigateTo($"jobs/{job.Id}"); return Task.CompletedTask; };
            }, key: $"ended-{job.Id}");
        }
        else
        {
            title = job.Status == JobStatus.Interrupted ? L["Notice_Interrupted"] : L["Notice_Failed"];
            Snackbar.Add($"{title}: {prompt} — {L.ErrorExplanation(job.Error?.Type)}", job.Status == JobStatus.Interrupted ? Severity.Warning : Severity.Error,
                options =>
                {
                    options.RequireInteraction = true;
                    options.Action = L["Action_Open"];
                    options.OnClick = _ => { Navigation.NavigateTo($"jobs/{job.Id}"); return Task.CompletedTask; };
                }, key: $"ended-{job.Id}");
        }
        if (_notificationsOn) await Browser.NotifyAsync($"FalVideo — {title}", prompt, url, job.Id.ToString());
    }

    public void Dispose()
    {
        State.Changed -= OnStateChanged;
        State.JobEnded -= OnJobEnded;
    }
}
