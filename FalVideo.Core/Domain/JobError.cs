namespace FalVideo.Core.Domain;

/// <summary>Why a job did not complete. <see cref="Type"/> is a stable code; <see cref="Message"/> is shown as-is.</summary>
public sealed record JobError(string Type, string Message, IReadOnlyList<FieldError>? Fields = null);
