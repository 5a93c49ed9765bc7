namespace MessagingConnectors.Webhooks;

/// <summary>Settings under <c>Webhooks</c>: how receivers are addressed and how deliveries are retried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The app's public base URL (https://app.azurewebsites.net) for receiver URLs; empty uses the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The base of the URLs a provider or the platform calls back: <see cref="PublicBaseUrl"/>, else the address the
    /// caller used. Under the Functions host the worker gets each request from the host on loopback, addressed to
    /// itself, with the caller's host and scheme in <c>X-Forwarded-Host</c> and <c>X-Forwarded-Proto</c>.
    /// </summary>
    public string PublicBase(HttpContext context)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl))
        {
            return PublicBaseUrl.TrimEnd('/');
        }

        var request = context.Request;
        if (context.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
            && request.Headers["X-Forwarded-Host"].ToString() is { Length: > 0 } forwardedHost
            && Hosting.FunctionsHost.IsHosting(context.RequestServices.GetRequiredService<IConfiguration>()))
        {
            var forwardedProto = request.Headers["X-Forwarded-Proto"].ToString();
            return $"{(forwardedProto.Length > 0 ? forwardedProto.Split(',')[0].Trim() : "https")}://{forwardedHost.Split(',')[0].Trim()}";
        }

        return $"{request.Scheme}://{request.Host}";
    }

    /// <summary>Development only: lets callbacks use http and loopback addresses (tests, local runs).</summary>
    public bool AllowLoopbackCallbacks { get; set; }

    /// <summary>Delivery attempts before a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each later one doubles, with jitter, up to <see cref="MaxDelaySeconds"/>.</summary>
    public double BaseDelaySeconds { get; set; } = 30;

    public double MaxDelaySeconds { get; set; } = 3600;

    /// <summary>Time-out of one POST to a flow's callback URL.</summary>
    public double CallbackTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a claimed delivery is reserved before another worker may take it over (after a crash).</summary>
    public double ClaimSeconds { get; set; } = 120;

    /// <summary>Deliver from a background worker (at once after receipt, then every sweep); off leaves delivery to the timer function.</summary>
    public bool BackgroundDelivery { get; set; } = true;

    /// <summary>Standalone only: seconds between background delivery sweeps (the Functions host uses the timer function).</summary>
    public double SweepSeconds { get; set; } = 15;
}
