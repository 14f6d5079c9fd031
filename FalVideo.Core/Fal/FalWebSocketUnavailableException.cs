namespace FalVideo.Core.Fal;

/// <summary>A pooled connection closed before any byte of the input was sent: provably not billed, so another connection may be used.</summary>
public sealed class FalWebSocketUnavailableException(string message) : Exception(message);
