namespace FalVideo.Core.Configuration;

/// <summary>
/// The fal key, resolved like fal's own clients: <c>FAL_KEY</c>, else <c>FAL_API_KEY</c> (the original README's name),
/// else <c>FAL_KEY_ID</c> + <c>FAL_KEY_SECRET</c>. It never leaves the server; <see cref="ToString"/> does not reveal it.
/// </summary>
public sealed class FalCredentials
{
    private readonly string? _key;

    public FalCredentials(string? key) => _key = string.IsNullOrWhiteSpace(key) ? null : key.Trim();

    public bool IsSet => _key is not null;

    /// <summary>The <c>Authorization</c> header value. Only the HTTP layer may call this.</summary>
    public string AuthorizationHeaderValue() =>
        _key is null ? throw new InvalidOperationException("No fal key is configured.") : $"Key {_key}";

    /// <summary>The raw key, for code that must redact it (log scrubbing).</summary>
    internal string? RawKey => _key;

    public override string ToString() => IsSet ? "fal key: set" : "fal key: not set";

    public static FalCredentials FromEnvironment(Func<string, string?> read)
    {
        var key = read("FAL_KEY");
        if (string.IsNullOrWhiteSpace(key)) key = read("FAL_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            var id = read("FAL_KEY_ID");
            var secret = read("FAL_KEY_SECRET");
            if (!string.IsNullOrWhiteSpace(id) && !string.IsNullOrWhiteSpace(secret)) key = $"{id.Trim()}:{secret.Trim()}";
        }
        return new FalCredentials(key);
    }
}
