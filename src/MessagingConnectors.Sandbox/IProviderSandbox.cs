namespace MessagingConnectors.Sandbox;

/// <summary>One provider's emulator inside the sandbox server, served under its own path prefix.</summary>
public interface IProviderSandbox
{
    /// <summary>Provider name used by the journal and the fault plan, e.g. "ClickSend".</summary>
    string Name { get; }

    /// <summary>Path prefix of the provider's base URL, e.g. "/clicksend/v3".</summary>
    string Prefix { get; }

    void Map(IEndpointRouteBuilder routes);

    /// <summary>Writes the provider's own error shape for an injected status fault.</summary>
    Task WriteFaultAsync(HttpContext context, int status);
}
