using FalVideo.Core.Domain;

namespace FalVideo.Core.Generation;

/// <summary>A provider call failed with a reason that belongs on the job (stored as <see cref="Error"/>).</summary>
public class GenerationException(JobError error, Exception? inner = null) : Exception(error.Message, inner)
{
    public JobError Error { get; } = error;
}
