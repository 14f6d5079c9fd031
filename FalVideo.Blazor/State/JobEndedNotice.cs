using FalVideo.Core.Jobs;

namespace FalVideo.Blazor.State;

/// <summary>A job this circuit watched has finished; <see cref="BatchFinished"/> is set when it was the last of its batch.</summary>
public sealed record JobEndedNotice(JobView Job, BatchProgress? BatchFinished);
