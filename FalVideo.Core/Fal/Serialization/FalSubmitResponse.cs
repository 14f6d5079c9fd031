namespace FalVideo.Core.Fal.Serialization;

/// <summary>The answer to a queue submit.</summary>
public sealed record FalSubmitResponse(
    string? RequestId,
    string? Status = null,
    int? QueuePosition = null,
    string? ResponseUrl = null,
    string? StatusUrl = null,
    string? CancelUrl = null);
