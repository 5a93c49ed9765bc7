using System.Net;
using System.Net.Sockets;

namespace MessagingConnectors.Webhooks;

/// <summary>
/// Which callback URLs the app may call: https to public addresses only, so a subscriber cannot make
/// the app reach its own network (storage, metadata service, loopback). The check runs on the URL at
/// subscribe time and again on the address of every connection made.
/// </summary>
public static class CallbackAddresses
{
    public static string? Problem(string? url, bool allowLoopback)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "must be an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowLoopback && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "must use https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry credentials.";
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !IsAllowed(address, allowLoopback))
        {
            return "must not point at a private, loopback, link-local or metadata address.";
        }

        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !allowLoopback)
        {
            return "must not point at a private, loopback, link-local or metadata address.";
        }

        return null;
    }

    /// <summary>Both checks of a subscriber's callback URL: its shape, then every address its host resolves to.</summary>
    public static async Task<string?> CheckAsync(string? url, bool allowLoopback, CancellationToken cancellationToken) =>
        Problem(url, allowLoopback) ?? await ResolvedProblem(new Uri(url!), allowLoopback, cancellationToken);

    /// <summary>Resolves the host and refuses it when any address it resolves to is not public.</summary>
    public static async Task<string?> ResolvedProblem(Uri uri, bool allowLoopback, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            return null;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.Host, cancellationToken);
            return addresses.Length == 0 ? "must resolve to an address."
                : addresses.All(a => IsAllowed(a, allowLoopback)) ? null
                : "must not resolve to a private, loopback, link-local or metadata address.";
        }
        catch (SocketException)
        {
            return "must resolve to an address.";
        }
    }

    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                     || address.Equals(IPAddress.IPv6Any));
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] >= 224
                 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                 || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254)
                 || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                 || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                 || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
    }

    /// <summary>A handler whose every connection is checked against <see cref="IsAllowed"/>, so DNS tricks cannot reach inside.</summary>
    public static SocketsHttpHandler GuardedHandler(bool allowLoopback) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.FirstOrDefault(a => IsAllowed(a, allowLoopback))
                          ?? throw new HttpRequestException($"Callback host {context.DnsEndPoint.Host} resolves only to addresses that are not allowed.");
            var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(allowed, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
