using System.Net;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.Hosting;

/// <summary>
/// How the standalone app (Kestrel: run.sh, containers, tests) listens: on the usual ASP.NET Core settings, and never
/// open to the network without its API key. Under Azure the isolated worker's own Kestrel serves the same pipeline.
/// </summary>
public static class StandaloneHosting
{
    public static void ConfigureListening(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024; // the Functions host's own cap
        });

        // How far a connection reads ahead of the app (1 MB by default): an upload is streamed to Blob storage
        // in blocks, so bytes read ahead only sit in memory; every other request body is a few kB.
        builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = 64 * 1024);
    }

    /// <summary>Refuses to start when the app would listen beyond loopback with no API key of its own.</summary>
    public static void EnsureNotOpen(WebApplication app)
    {
        var apiKey = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.ApiKey;
        if (!string.IsNullOrEmpty(apiKey))
        {
            return;
        }

        var open = ConfiguredUrls(app.Configuration).FirstOrDefault(url => !IsLoopback(url));
        if (open is not null)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {open} without an API key: set Auth__ApiKey, or listen on 127.0.0.1 only.");
        }
    }

    internal static IEnumerable<string> ConfiguredUrls(IConfiguration configuration)
    {
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS" })
        {
            foreach (var url in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return url;
            }
        }

        foreach (var key in new[] { "http_ports", "https_ports", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            if (!string.IsNullOrEmpty(configuration[key]))
            {
                yield return $"http://*:{configuration[key]}";
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url)
            {
                yield return url;
            }
        }
    }

    internal static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/', 2)[0];
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
               || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
