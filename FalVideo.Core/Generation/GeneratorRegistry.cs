using FalVideo.Core.Configuration;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Generation;

/// <summary>
/// Knows every registered provider and which one new jobs use: <c>FalVideo:Generator</c> = <c>auto</c> picks fal when a
/// key is set, else the offline renderer. A job re-attaches to the provider stored on it, whatever is current now.
/// </summary>
public sealed class GeneratorRegistry(IEnumerable<IVideoGenerator> generators, IOptions<FalVideoOptions> options, FalCredentials credentials)
{
    public const string Offline = "offline";
    public const string Fal = "fal";

    // Like DI itself, the last registration of a name wins (a test or host can replace the built-in "fal" provider).
    private readonly Dictionary<string, IVideoGenerator> _byName = generators
        .GroupBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    public IVideoGenerator Current => Get(CurrentName);

    public string CurrentName => options.Value.Generator.Trim().ToLowerInvariant() switch
    {
        Offline => Offline,
        Fal => Fal,
        _ => credentials.IsSet && _byName.ContainsKey(Fal) ? Fal : Offline,
    };

    public IVideoGenerator Get(string name) =>
        _byName.TryGetValue(name, out var generator)
            ? generator
            : throw new InvalidOperationException($"No video provider named '{name}' is registered (have: {string.Join(", ", _byName.Keys)}).");

    public bool Has(string name) => _byName.ContainsKey(name);
}
