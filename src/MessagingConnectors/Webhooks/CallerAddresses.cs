using System.Net;

namespace MessagingConnectors.Webhooks;

/// <summary>
/// Which provider servers may call a receiver: a list of addresses or CIDR ranges, checked against
/// the caller's address. Under the Functions host every request reaches the app from loopback, so
/// there (and only when the connection really is from loopback) the address the platform's front end
/// appended last to <c>X-Forwarded-For</c> is the caller; earlier entries are the client's own claims.
/// </summary>
public sealed class CallerAddresses
{
    private readonly IReadOnlyList<IPNetwork> _allowed;

    private CallerAddresses(IReadOnlyList<IPNetwork> allowed) => _allowed = allowed;

    /// <summary>Parses "a.b.c.d, e.f.g.h/24, ::1"; an entry that is neither address nor range fails the app's start.</summary>
    public static CallerAddresses Parse(string? list, string setting)
    {
        var allowed = new List<IPNetwork>();
        foreach (var entry in (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(entry, out var parsed))
            {
                var address = Normalize(parsed);
                allowed.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                allowed.Add(network);
            }
            else
            {
                throw new InvalidOperationException($"{setting} holds '{entry}', which is neither an IP address nor a CIDR range.");
            }
        }

        return new CallerAddresses(allowed);
    }

    public static bool TryParse(string? list, out CallerAddresses? callers)
    {
        try
        {
            callers = Parse(list, "the list");
            return true;
        }
        catch (InvalidOperationException)
        {
            callers = null;
            return false;
        }
    }

    public bool Allows(IPAddress? caller) => caller is not null && _allowed.Any(n => n.Contains(Normalize(caller)));

    /// <summary>The caller's address: the connection's, or behind a trusted proxy on loopback the last X-Forwarded-For entry.</summary>
    public static IPAddress? Caller(HttpContext context, bool trustForwardedFor)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (!trustForwardedFor || remote is null || !IPAddress.IsLoopback(Normalize(remote)))
        {
            return remote;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length == 0)
        {
            return remote;
        }

        var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return ParseEndpoint(last);
    }

    /// <summary>An address with or without a port: 1.2.3.4, 1.2.3.4:5678, ::1, [::1]:5678.</summary>
    internal static IPAddress? ParseEndpoint(string value)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            return address;
        }

        return IPEndPoint.TryParse(value, out var endpoint) ? endpoint.Address : null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
