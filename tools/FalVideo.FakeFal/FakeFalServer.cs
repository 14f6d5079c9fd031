using System.Net;
using FalVideo.Core.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FalVideo.FakeFal;

/// <summary>
/// The fake fal server. In tests: <c>await using var fal = await FakeFalServer.StartAsync();</c> on 127.0.0.1 with a free
/// port, then point FalVideo at <see cref="BaseUrl"/> (<c>FalVideo:Fal:QueueUrl</c>) with media host 127.0.0.1 and
/// <c>AllowInsecureMediaHosts</c>; the WebSocket transport at <see cref="WebSocketUrl"/>. By hand: <c>dotnet run --project tools/FalVideo.FakeFal -- --urls http://127.0.0.1:5199</c>.
/// </summary>
public sealed class FakeFalServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeFalServer(WebApplication app, FakeFalState state, Uri baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    public FakeFalState State { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c> — the queue API root and the CDN host.</summary>
    public Uri BaseUrl { get; }

    /// <summary>e.g. <c>ws://127.0.0.1:41234/ws</c> — the stand-in for <c>wss://ws.fal.run</c> (<c>FalVideo:Fal:WebSocketUrl</c>).</summary>
    public Uri WebSocketUrl => new($"ws://{BaseUrl.Authority}{FakeWebSocketEndpoints.PathPrefix}");

    /// <summary>The host media URLs use (for <c>FalVideo:Fal:AllowedMediaHosts</c>).</summary>
    public string MediaHost => BaseUrl.Host;

    public static async Task<FakeFalServer> StartAsync(FakeFalBehavior? behavior = null, CancellationToken cancellationToken = default)
    {
        var state = new FakeFalState();
        if (behavior is not null) state.Behavior = behavior;
        var app = Build([], state, ephemeralLoopbackPort: true);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeFalServer(app, state, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>The settings that point FalVideo at this fake (add <c>FAL_KEY</c> and <c>FalVideo:Generator</c> as needed).</summary>
    public IReadOnlyDictionary<string, string?> FalVideoSettings() => new Dictionary<string, string?>
    {
        ["FalVideo:Fal:QueueUrl"] = BaseUrl.ToString().TrimEnd('/'),
        ["FalVideo:Fal:WebSocketUrl"] = WebSocketUrl.ToString().TrimEnd('/'),
        ["FalVideo:Fal:AllowedMediaHosts:0"] = MediaHost,
        ["FalVideo:Fal:AllowInsecureMediaHosts"] = "true",
    };

    public static WebApplication Build(string[] args, FakeFalState state, bool ephemeralLoopbackPort = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(FakeFalServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (ephemeralLoopbackPort) builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        if (builder.Configuration.GetSection("FakeFal:Behavior").Get<FakeFalBehavior>() is { } configured) state.Behavior = configured;

        var app = builder.Build();
        app.UseWebSockets();
        app.MapFakeControl(state);
        app.MapFakeMedia(state);
        app.MapFakeWebSocket(state, ModelCatalog.Default);
        app.MapFakeQueue(state, ModelCatalog.Default);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
