namespace FalVideo.FakeFal;

public static class FakeFalProgram
{
    /// <summary><c>dotnet run --project tools/FalVideo.FakeFal -- --urls http://127.0.0.1:5199</c></summary>
    public static async Task Main(string[] args)
    {
        var state = new FakeFalState();
        var app = FakeFalServer.Build(args, state);
        await app.RunAsync();
    }
}
