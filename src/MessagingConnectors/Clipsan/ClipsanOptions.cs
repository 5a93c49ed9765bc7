using MessagingConnectors.Providers;

namespace MessagingConnectors.Clipsan;

/// <summary>Settings under <c>Clipsan</c> (environment: <c>Clipsan__BaseUrl</c>, <c>Clipsan__Key</c>, ...).</summary>
public sealed class ClipsanOptions : ProviderOptions
{
    public const string Section = "Clipsan";

    public override string BaseUrl { get; set; } = "https://clipsan.com/api/";

    /// <summary>Single-tenant fallback secure key when a request carries no <c>X-Clipsan-Key</c>.</summary>
    public string? Key { get; set; }
}
