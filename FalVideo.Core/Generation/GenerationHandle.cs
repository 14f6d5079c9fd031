namespace FalVideo.Core.Generation;

/// <summary>A started generation. Rebuilt from the job row after a restart, so it holds only stored facts.</summary>
public sealed record GenerationHandle(string RequestId, GenerationRequest Request);
