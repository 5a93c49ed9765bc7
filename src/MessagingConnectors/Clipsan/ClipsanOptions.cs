using MessagingConnectors.Providers;

namespace MessagingConnectors.Clipsan;

/// <summary>Settings under <c>Clipsan</c> (environment: <c>Clipsan__BaseUrl</c>, <c>Clipsan__Key</c>, ...).</summary>
public sealed class ClipsanOptions : ProviderOptions
{
    public const string Section = "Clipsan";

    public override string BaseUrl { get; set; } = "https://clipsan.com/api/";

    /// <summary>Single-tenant fallback secure key when a request carries no <c>X-Clipsan-Key</c>.</summary>
    public string? Key { get; set; }

    /// <summary>Addresses or CIDR ranges Clipsan's change notifications may come from (Clipsan documents 109.123.222.193).</summary>
    public string NotificationCallers { get; set; } = "109.123.222.193";

    /// <summary>
    /// Whether the caller's address is the last <c>X-Forwarded-For</c> entry of a request from loopback:
    /// unset means yes under the Functions host (which forwards every request from loopback), no otherwise.
    /// </summary>
    public bool? TrustForwardedFor { get; set; }
}
