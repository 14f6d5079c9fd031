using System.Net;

namespace FalVideo.Blazor.Access;

/// <summary>Works out from configuration whether the app listens only on the loopback interface.</summary>
public static class ListenAddresses
{
    /// <summary>The URLs the server is configured to listen on (<c>urls</c>, <c>Kestrel:Endpoints</c>; ports-only settings bind every interface).</summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var urls = new List<string>();
        if (configuration["urls"] is { Length: > 0 } list) urls.AddRange(list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url) urls.Add(url);
        }
        // ASPNETCORE_HTTP_PORTS / HTTPS_PORTS listen on all interfaces.
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            if (configuration[key] is { Length: > 0 } ports)
                urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }
        return urls;
    }

    /// <summary>True when every configured address is loopback (none configured means Kestrel's default, localhost).</summary>
    public static bool LoopbackOnly(IEnumerable<string> urls) => urls.All(IsLoopback);

    public static bool IsLoopback(string url)
    {
        // "http://*:5000" and "http://+:5000" are not valid URIs; they mean every interface.
        var host = HostOf(url);
        if (host is null) return false;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static string? HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOf('/');
        if (end >= 0) rest = rest[..end];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            return close > 0 ? rest[..(close + 1)] : null;
        }
        var colon = rest.LastIndexOf(':');
        var host = colon >= 0 ? rest[..colon] : rest;
        return host.Length == 0 ? null : host;
    }
}
