using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FalVideo.Core.Fal;

/// <summary>
/// Which media URLs FalVideo will fetch (a result URL is data from the network, so it must not point us at internal
/// services): only <c>https</c>, only hosts in <c>FalVideo:Fal:AllowedMediaHosts</c>, and only public addresses —
/// checked again at connect time so a DNS answer cannot swap in a private address. <c>AllowInsecureMediaHosts</c>
/// (for the fake fal server) permits <c>http</c> and loopback/private addresses; the host list still applies.
/// </summary>
public sealed class MediaUrlPolicy(IOptionsMonitor<FalOptions> options)
{
    /// <summary>Why <paramref name="uri"/> may not be fetched, or null when it may.</summary>
    public string? Refusal(Uri uri)
    {
        var current = options.CurrentValue;
        if (!uri.IsAbsoluteUri) return "the media URL is not absolute";
        var schemeOk = uri.Scheme == Uri.UriSchemeHttps || (current.AllowInsecureMediaHosts && uri.Scheme == Uri.UriSchemeHttp);
        if (!schemeOk) return $"media URLs must use https, not {uri.Scheme}";
        if (!HostAllowed(uri.IdnHost, current.EffectiveMediaHosts))
            return $"media host '{uri.Host}' is not in FalVideo:Fal:AllowedMediaHosts ({string.Join(", ", current.EffectiveMediaHosts)})";
        if (!current.AllowInsecureMediaHosts && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && !IsPublic(literal))
            return $"media host '{uri.Host}' is a loopback, private or link-local address";
        return null;
    }

    public static bool HostAllowed(string host, IEnumerable<string> allowed)
    {
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        foreach (var pattern in allowed.Select(p => p.Trim().TrimEnd('.').ToLowerInvariant()))
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                if (host.EndsWith(pattern[1..], StringComparison.Ordinal) && host.Length > pattern.Length - 1) return true;
            }
            else if (host == pattern.Trim('[', ']'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>False for loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified and multicast addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224);
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC);
        }
        return false;
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolves the host and connects only to addresses the policy allows.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = options.CurrentValue.AllowInsecureMediaHosts ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
            throw new MediaRefusedException($"media host '{endPoint.Host}' resolves only to loopback, private or link-local addresses");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
