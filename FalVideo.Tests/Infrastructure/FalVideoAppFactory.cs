using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FalVideo.Tests.Infrastructure;

/// <summary>
/// The real app (real SQLite, real runner) on a fresh temp data directory. Settings are passed as
/// <c>UseSetting</c> so they are visible while Program.cs builds its services. Call <see cref="UseRealKestrel"/>
/// before first use for a browser test.
/// </summary>
public sealed class FalVideoAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public FalVideoAppFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("falvideo-test-").FullName;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["FalVideo:DataDirectory"] = DataDirectory,
        };
        _settings.TryAdd("FalVideo:Generator", "offline");
        _services = services;
    }

    public string DataDirectory { get; }

    /// <summary>Serve on a real Kestrel port (for Playwright); the address is then in <c>ClientOptions.BaseAddress</c>.</summary>
    public FalVideoAppFactory UseRealKestrel()
    {
        UseKestrel(0);
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
    }
}
