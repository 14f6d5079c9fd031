using FalVideo.Core.Configuration;

namespace FalVideo.Core.Batches;

/// <summary>
/// A batch's files under <c>{data}/batches/{id}/</c>: the uploaded file as received (a re-run with another model reads it
/// again) and the rows that were rejected at import (they never became jobs, but the manifest and the fix-me CSV list them).
/// </summary>
public sealed class BatchFiles(DataPaths paths)
{
    public string Directory(Guid batchId) => Path.Combine(paths.Root, "batches", batchId.ToString("N"));

    public string Source(Guid batchId) => Path.Combine(Directory(batchId), "source.csv");

    public string Rejected(Guid batchId) => Path.Combine(Directory(batchId), "rejected.json");
}
