using FalVideo.Core.Import;

namespace FalVideo.Blazor.State;

/// <summary>
/// A preview waiting for the user's confirmation: the validated rows, the id under which its rejected rows can be
/// downloaded, and (for a re-run) the batch it repeats.
/// </summary>
public sealed record BatchPreviewState(ImportResult Result, Guid PreviewId, string FileName, long SizeBytes, Guid? RerunOf)
{
    public string RejectedCsvUrl => $"/api/batches/previews/{PreviewId}/rejected.csv";
}
