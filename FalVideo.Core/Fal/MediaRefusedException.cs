namespace FalVideo.Core.Fal;

/// <summary>A media URL or the address it resolves to is not allowed (see <see cref="MediaUrlPolicy"/>); never retried.</summary>
public sealed class MediaRefusedException(string message) : Exception(message);
