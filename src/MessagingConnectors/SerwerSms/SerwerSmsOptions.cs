using MessagingConnectors.Providers;

namespace MessagingConnectors.SerwerSms;

/// <summary>Settings under <c>SerwerSms</c> (environment: <c>SerwerSms__BaseUrl</c>, ...).</summary>
public sealed class SerwerSmsOptions : ProviderOptions
{
    public const string Section = "SerwerSms";

    public override string BaseUrl { get; set; } = "https://api2.serwersms.pl/";

    /// <summary>Single-tenant fallback when a request carries no credentials: an API token ...</summary>
    public string? Token { get; set; }

    /// <summary>... or an API user's name and password.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }
}
