namespace FalVideo.Blazor.Api;

/// <summary>Where a batch's outputs are downloaded.</summary>
public sealed record BatchLinks(string Self, string Zip, string ManifestCsv, string ManifestJson, string RejectedCsv)
{
    public static BatchLinks For(Guid id) => new($"/api/batches/{id}", $"/api/batches/{id}/zip", $"/api/batches/{id}/manifest.csv",
        $"/api/batches/{id}/manifest.json", $"/api/batches/{id}/rejected.csv");
}
