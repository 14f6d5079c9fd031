namespace FalVideo.Tests.Infrastructure;

/// <summary>The checkout the tests were built from (the folder holding FalVideo.Blazor.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FalVideo.Blazor.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No FalVideo.Blazor.sln above {AppContext.BaseDirectory}.");
    }
}
