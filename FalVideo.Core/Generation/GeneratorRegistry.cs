using FalVideo.Core.Configuration;
using FalVideo.Core.Fal;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Generation;

/// <summary>
/// Knows every registered provider and which one new jobs use: <c>FalVideo:Generator</c> = <c>auto</c> picks fal when a
/// key is set, else the offline renderer; fal means the queue API ("fal") or, with <c>FalVideo:Fal:Transport</c> =
/// <c>WebSocket</c>, ws.fal.run ("fal-ws"). A job re-attaches to the provider stored on it, whatever is current now —
/// so queue jobs still resume after switching to WebSocket, and WebSocket jobs are never polled on the queue.
/// </summary>
public sealed class GeneratorRegistry(IEnumerable<IVideoGenerator> generators, IOptions<FalVideoOptions> options, IOptionsMonitor<FalOptions> falOptions, FalCredentials credentials)
{
    public const string Offline = "offline";
    public const string Fal = "fal";
    public const string FalWebSocket = "fal-ws";

    // Like DI itself, the last registration of a name wins (a test or host can replace the built-in "fal" provider).
    private readonly Dictionary<string, IVideoGenerator> _byName = generators
        .GroupBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    public IVideoGenerator Current => Get(CurrentName);

    public string CurrentName => options.Value.Generator.Trim().ToLowerInvariant() switch
    {
        Offline => Offline,
        Fal => FalName,
        _ => credentials.IsSet && _byName.ContainsKey(FalName) ? FalName : Offline,
    };

    /// <summary>True for both fal transports.</summary>
    public static bool IsFal(string? name) =>
        string.Equals(name, Fal, StringComparison.OrdinalIgnoreCase) || string.Equals(name, FalWebSocket, StringComparison.OrdinalIgnoreCase);

    public IVideoGenerator Get(string name) =>
        _byName.TryGetValue(name, out var generator)
            ? generator
            : throw new InvalidOperationException($"No video provider named '{name}' is registered (have: {string.Join(", ", _byName.Keys)}).");

    public bool Has(string name) => _byName.ContainsKey(name);

    /// <summary>The fal provider for new jobs: the WebSocket one when that transport is configured (and registered).</summary>
    private string FalName => falOptions.CurrentValue.Transport == FalTransport.WebSocket && _byName.ContainsKey(FalWebSocket) ? FalWebSocket : Fal;
}
