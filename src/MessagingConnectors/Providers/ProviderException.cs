using MessagingConnectors.Hosting;

namespace MessagingConnectors.Providers;

/// <summary>Whether a failed upstream call may have reached the provider and taken effect.</summary>
public enum UpstreamEffect
{
    /// <summary>The provider provably did not act (connection refused, rejected before processing).</summary>
    None,

    /// <summary>The provider may have acted (time-out, 5xx, unreadable answer): never resend blindly.</summary>
    Unknown,
}

/// <summary>
/// The one exception type for a failed provider call: it carries the status the caller gets,
/// the provider's own code and message, and whether the call may have taken effect.
/// </summary>
public sealed class ProviderException(
    string provider,
    int status,
    string title,
    string detail,
    string? providerCode = null,
    UpstreamEffect effect = UpstreamEffect.Unknown,
    TimeSpan? retryAfter = null,
    IReadOnlyDictionary<string, object?>? extensions = null,
    Exception? inner = null) : Exception(detail, inner)
{
    public string Provider { get; } = provider;
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;
    public string? ProviderCode { get; } = providerCode;
    public UpstreamEffect Effect { get; } = effect;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;

    public string ProblemType => Status switch
    {
        StatusCodes.Status504GatewayTimeout => Problems.Types.ProviderTimeout,
        _ when ProviderCode == UnreachableCode => Problems.Types.ProviderUnreachable,
        _ => Problems.Types.Provider,
    };

    public const string UnreachableCode = "UNREACHABLE";
    public const string TimeoutCode = "TIMEOUT";
    public const string InvalidResponseCode = "INVALID_RESPONSE";
}

/// <summary>Raised when a provider call has no credentials from the request headers or settings.</summary>
public sealed class MissingCredentialsException(string provider, string detail) : Exception(detail)
{
    public string Provider { get; } = provider;

    /// <summary>The same refusal, raised afresh where an account bound without credentials is first used.</summary>
    public MissingCredentialsException Again() => new(Provider, Message);
}
