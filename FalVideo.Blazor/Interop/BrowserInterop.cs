using Microsoft.JSInterop;

namespace FalVideo.Blazor.Interop;

/// <summary>The browser side (wwwroot/js/falvideo.js): desktop notifications and remembered preferences. One per circuit.</summary>
public sealed class BrowserInterop(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? _module;

    private Task<IJSObjectReference> Module => _module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/falvideo.js").AsTask();

    /// <summary>"granted", "denied", "default" or "unsupported".</summary>
    public async Task<string> NotificationPermissionAsync() => await (await Module).InvokeAsync<string>("notificationPermission");

    public async Task<bool> NotificationsEnabledAsync() => await (await Module).InvokeAsync<bool>("notificationsEnabled");

    /// <summary>Asks the browser for permission (must follow a click) and remembers the answer; returns the permission.</summary>
    public async Task<string> EnableNotificationsAsync() => await (await Module).InvokeAsync<string>("requestNotifications");

    public async Task DisableNotificationsAsync() => await (await Module).InvokeVoidAsync("setNotificationsEnabled", false);

    public async Task NotifyAsync(string title, string body, string url, string tag) =>
        await (await Module).InvokeAsync<bool>("notify", title, body, url, tag);

    /// <summary>The remembered choice, or null to follow the system.</summary>
    public async Task<bool?> DarkModePreferenceAsync() =>
        await (await Module).InvokeAsync<string?>("darkModePreference") switch { "1" => true, "0" => false, _ => null };

    public async Task SetDarkModePreferenceAsync(bool dark) => await (await Module).InvokeVoidAsync("setDarkModePreference", dark);

    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await _module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; the browser already dropped the module.
            }
        }
    }
}
