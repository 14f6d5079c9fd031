using FalVideo.Core.Configuration;
using FalVideo.Core.Fal;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Generation;

/// <summary>
/// Knows every registered provider and which one new jobs use: <c>FalVideo:Generator</c> = <c>auto</c> picks fal when a
/// key is set, else the offline renderer. fal has two transports, each its own provider: the queue API ("fal") and,
/// with <c>FalVideo:Fal:Transport</c> = <c>WebSocket</c>, ws.fal.run ("fal-ws"). A job re-attaches to the provider
/// stored on it, whatever is current now — queue jobs still resume after switching to WebSocket, and WebSocket jobs
/// are never polled on the queue.
/// </summary>
public sealed class GeneratorRegistry
{
    public const string Offline = "offline";
    public const string Fal = "fal";
    public const string FalWebSocket = "fal-ws";

    private readonly Dictionary<string, IVideoGenerator> _byName;
    private readonly IOptions<FalVideoOptions> _options;
    private readonly IOptionsMonitor<FalOptions>? _falOptions;
    private readonly FalCredentials _credentials;

    /// <summary>Without fal options the queue transport is assumed (tests and hosts that only need the choice of generator).</summary>
    public GeneratorRegistry(IEnumerable<IVideoGenerator> generators, IOptions<FalVideoOptions> options, FalCredentials credentials)
        : this(generators, options, null, credentials)
    {
    }

    public GeneratorRegistry(IEnumerable<IVideoGenerator> generators, IOptions<FalVideoOptions> options, IOptionsMonitor<FalOptions>? falOptions, FalCredentials credentials)
    {
        // Like DI itself, the last registration of a name wins (a test or host can replace the built-in "fal" provider).
        _byName = generators
            .GroupBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        _options = options;
        _falOptions = falOptions;
        _credentials = credentials;
    }

    /// <summary>The provider new jobs go to (<see cref="NewJobProvider"/>).</summary>
    public IVideoGenerator Current => Get(NewJobProvider);

    /// <summary>The generator in use, as configured and shown: "offline" or "fal" (whichever transport).</summary>
    public string CurrentName => _options.Value.Generator.Trim().ToLowerInvariant() switch
    {
        Offline => Offline,
        Fal => Fal,
        _ => _credentials.IsSet && _byName.ContainsKey(Fal) ? Fal : Offline,
    };

    /// <summary>The provider name stored on a job claimed now: <see cref="CurrentName"/>, with fal's transport resolved.</summary>
    public string NewJobProvider =>
        CurrentName == Fal && _falOptions?.CurrentValue.Transport == FalTransport.WebSocket && _byName.ContainsKey(FalWebSocket) ? FalWebSocket : CurrentName;

    /// <summary>True for both fal transports.</summary>
    public static bool IsFal(string? name) =>
        string.Equals(name, Fal, StringComparison.OrdinalIgnoreCase) || string.Equals(name, FalWebSocket, StringComparison.OrdinalIgnoreCase);

    public IVideoGenerator Get(string name) =>
        _byName.TryGetValue(name, out var generator)
            ? generator
            : throw new InvalidOperationException($"No video provider named '{name}' is registered (have: {string.Join(", ", _byName.Keys)}).");

    public bool Has(string name) => _byName.ContainsKey(name);
}
