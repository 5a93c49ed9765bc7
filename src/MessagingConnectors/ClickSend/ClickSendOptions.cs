using MessagingConnectors.Providers;

namespace MessagingConnectors.ClickSend;

/// <summary>Settings under <c>ClickSend</c> (environment: <c>ClickSend__BaseUrl</c>, ...).</summary>
public sealed class ClickSendOptions : ProviderOptions
{
    public const string Section = "ClickSend";

    public override string BaseUrl { get; set; } = "https://rest.clicksend.com/v3/";

    /// <summary>Single-tenant fallback when a request carries no credentials.</summary>
    public string? Username { get; set; }

    public string? ApiKey { get; set; }
}
