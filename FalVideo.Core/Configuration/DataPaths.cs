namespace FalVideo.Core.Configuration;

/// <summary>The resolved data directory and the files in it.</summary>
public sealed class DataPaths
{
    public DataPaths(string root)
    {
        Root = Path.GetFullPath(root);
        Videos = Path.Combine(Root, "videos");
        Logs = Path.Combine(Root, "logs");
        Database = Path.Combine(Root, "falvideo.db");
    }

    public string Root { get; }
    public string Videos { get; }
    public string Logs { get; }
    public string Database { get; }

    public void EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Videos);
        Directory.CreateDirectory(Logs);
    }

    public string VideoFile(Guid jobId) => Path.Combine(Videos, $"{jobId}.mp4");
    public string PosterFile(Guid jobId) => Path.Combine(Videos, $"{jobId}.jpg");
    public string SidecarFile(Guid jobId) => Path.Combine(Videos, $"{jobId}.json");
    public string TempVideoFile(Guid jobId) => Path.Combine(Videos, $"{jobId}.mp4.part");
}
