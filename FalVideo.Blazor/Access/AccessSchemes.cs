namespace FalVideo.Blazor.Access;

public static class AccessSchemes
{
    /// <summary>Picks the bearer handler when an Authorization header is sent, else the login cookie.</summary>
    public const string Default = "FalVideo";
    public const string Cookie = "FalVideo.Cookie";
    public const string CookieName = ".FalVideo.Session";
    public const string LoginRateLimitPolicy = "login";
}
