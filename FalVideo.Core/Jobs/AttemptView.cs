using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

public sealed record AttemptView(int Number, JobStatus Status, string? Provider, string? RequestId, JobErrorView? Error, DateTimeOffset? SubmittedAt, DateTimeOffset? CompletedAt);
