namespace FalVideo.Core.Fal.Serialization;

/// <summary>The answer to a cancel: <c>OK</c>, <c>CANCELLATION_REQUESTED</c>, <c>ALREADY_COMPLETED</c> or <c>NOT_FOUND</c>.</summary>
public sealed record FalCancelResponse(string? Status);
