namespace FalVideo.Tests.Infrastructure;

/// <summary>Files committed under FalVideo.Tests/TestData (copied beside the test binary).</summary>
public static class TestFiles
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);
}
