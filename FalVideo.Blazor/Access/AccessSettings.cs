using System.Security.Cryptography;
using System.Text;

namespace FalVideo.Blazor.Access;

/// <summary>
/// Who may use the app. On 127.0.0.1 (the default) nobody needs to log in. Bound to any other address, a password
/// (<c>FALVIDEO_PASSWORD</c>) is required; the session cookie is protected with keys derived from <c>SESSION_SECRET</c>,
/// and the HTTP API also accepts <c>Authorization: Bearer {FALVIDEO_API_TOKEN}</c>.
/// </summary>
public sealed class AccessSettings
{
    public const string PasswordVariable = "FALVIDEO_PASSWORD";
    public const string SessionSecretVariable = "SESSION_SECRET";
    public const string ApiTokenVariable = "FALVIDEO_API_TOKEN";
    public const int MinimumSecretLength = 16;

    private readonly byte[]? _passwordHash;
    private readonly byte[]? _apiTokenHash;

    private AccessSettings(bool required, string? password, string? apiToken, byte[] sessionSecret, bool sessionSecretGenerated)
    {
        Required = required;
        _passwordHash = password is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(password));
        _apiTokenHash = apiToken is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(apiToken));
        SessionSecret = sessionSecret;
        SessionSecretGenerated = sessionSecretGenerated;
    }

    /// <summary>Whether a login is needed (a password is configured).</summary>
    public bool Required { get; }

    public bool ApiTokenConfigured => _apiTokenHash is not null;

    /// <summary>Key material for the session cookie (the UTF-8 bytes of SESSION_SECRET, or random bytes).</summary>
    internal byte[] SessionSecret { get; }

    /// <summary>No SESSION_SECRET was set: a random one is used, so logins end when the app restarts.</summary>
    public bool SessionSecretGenerated { get; }

    public bool CheckPassword(string? candidate) => Matches(_passwordHash, candidate);

    public bool CheckApiToken(string? candidate) => Matches(_apiTokenHash, candidate);

    private static bool Matches(byte[]? expectedHash, string? candidate) =>
        expectedHash is not null && candidate is not null
        && CryptographicOperations.FixedTimeEquals(expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));

    /// <summary>
    /// Reads the variables and checks them against where the app listens. Throws (naming the variable) when the app
    /// would be reachable from other machines without a password, or when a secret is too short to be safe.
    /// </summary>
    public static AccessSettings Resolve(IConfiguration configuration, IReadOnlyList<string> listenUrls)
    {
        var password = NonEmpty(configuration[PasswordVariable]);
        var loopbackOnly = ListenAddresses.LoopbackOnly(listenUrls);
        if (!loopbackOnly && password is null)
        {
            throw new InvalidOperationException(
                $"FalVideo is set to listen on {string.Join(", ", listenUrls)}, which other machines can reach, but {PasswordVariable} is not set. " +
                $"Set {PasswordVariable} (and {SessionSecretVariable}, and {ApiTokenVariable} for the HTTP API), or listen on http://127.0.0.1 only.");
        }
        if (password is null) return new AccessSettings(false, null, null, [], false);

        var apiToken = NonEmpty(configuration[ApiTokenVariable]);
        if (apiToken is { Length: < MinimumSecretLength })
            throw new InvalidOperationException($"{ApiTokenVariable} must be at least {MinimumSecretLength} characters long.");
        var secret = NonEmpty(configuration[SessionSecretVariable]);
        if (secret is { Length: < MinimumSecretLength })
            throw new InvalidOperationException($"{SessionSecretVariable} must be at least {MinimumSecretLength} characters long.");
        return secret is null
            ? new AccessSettings(true, password, apiToken, RandomNumberGenerator.GetBytes(32), sessionSecretGenerated: true)
            : new AccessSettings(true, password, apiToken, Encoding.UTF8.GetBytes(secret), sessionSecretGenerated: false);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
