namespace FalVideo.Blazor.State;

public enum ProviderKind
{
    /// <summary>The embedded renderer: real MP4s, not AI.</summary>
    Offline,
    FalQueue,
    FalWebSocket,
}
