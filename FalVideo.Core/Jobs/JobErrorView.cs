using FalVideo.Core.Domain;

namespace FalVideo.Core.Jobs;

public sealed record JobErrorView(string Type, string Message, IReadOnlyList<FieldError> Fields);
