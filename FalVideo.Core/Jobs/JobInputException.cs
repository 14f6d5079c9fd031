using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

/// <summary>A job request was refused before anything was queued; <see cref="Fields"/> names each bad field.</summary>
public sealed class JobInputException(IReadOnlyList<FieldError> fields)
    : Exception(string.Join("; ", fields.Select(f => f.ToString())))
{
    public IReadOnlyList<FieldError> Fields { get; } = fields;
}
