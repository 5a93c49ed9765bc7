using System.Net.Http.Headers;
using System.Text;
using MessagingConnectors.Hosting;
using Microsoft.Extensions.Options;
using MessagingConnectors.Providers;

namespace MessagingConnectors.ClickSend;

/// <summary>The ClickSend account a call acts for; the API key never leaves this type except as the upstream header.</summary>
public sealed class ClickSendAccount
{
    public const string UsernameHeader = "X-ClickSend-Username";
    public const string ApiKeyHeader = "X-ClickSend-ApiKey";

    private readonly string _username;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly MissingCredentialsException? _refusal;

    public ClickSendAccount(string username, string apiKey)
    {
        _username = username;
        _authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{apiKey}")));
    }

    private ClickSendAccount(MissingCredentialsException refusal)
    {
        _username = "";
        _refusal = refusal;
    }

    public string Username => _refusal is null ? _username : throw _refusal.Again();

    public AuthenticationHeaderValue AuthorizationHeader => _authorization ?? throw _refusal!.Again();

    public override string ToString() => _refusal is null ? $"ClickSend account {_username}" : "ClickSend account (none)";

    /// <summary>
    /// Binds a handler's <see cref="ClickSendAccount"/> parameter: the caller's account, as <see cref="Resolve"/> finds it.
    /// Missing credentials are refused (401) where the account is first used, so a request's own errors (400) come first.
    /// </summary>
    public static ValueTask<ClickSendAccount?> BindAsync(HttpContext context)
    {
        try
        {
            return ValueTask.FromResult<ClickSendAccount?>(Resolve(context));
        }
        catch (MissingCredentialsException refusal)
        {
            return ValueTask.FromResult<ClickSendAccount?>(new ClickSendAccount(refusal));
        }
    }

    /// <summary>
    /// Request headers win over settings: Basic auth first, then the X-ClickSend-* pair a connector uses when
    /// Authorization is taken, then the single-tenant settings. A request that carries any part of a credential must
    /// carry all of it: half a credential never falls back to the configured account, which would send (and bill) on
    /// someone else's. An empty header carries nothing: the connectors send every credential header, empty when the
    /// connection leaves it blank.
    /// </summary>
    public static ClickSendAccount Resolve(HttpContext context)
    {
        var request = context.Request;
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth)
            && string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (auth.Parameter is { } encoded && TryDecodeBasic(encoded, out var user, out var key))
            {
                return new ClickSendAccount(user, key);
            }

            throw new MissingCredentialsException(ClickSendClient.Provider,
                "The Authorization header is not complete Basic credentials: it needs both the username and the API key (base64 of username:api_key).");
        }

        var headerUser = request.Headers[UsernameHeader].ToString().Trim();
        var headerKey = request.Headers[ApiKeyHeader].ToString().Trim();
        if (headerUser.Length > 0 && headerKey.Length > 0)
        {
            return new ClickSendAccount(headerUser, headerKey);
        }

        if (headerUser.Length > 0 || headerKey.Length > 0)
        {
            var (sent, missing) = headerUser.Length > 0 ? (UsernameHeader, ApiKeyHeader) : (ApiKeyHeader, UsernameHeader);
            throw new MissingCredentialsException(ClickSendClient.Provider,
                $"ClickSend credentials are incomplete: {sent} was sent without {missing}. Send both.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<ClickSendOptions>>().Value;
        if (!string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.ApiKey))
        {
            return new ClickSendAccount(options.Username, options.ApiKey);
        }

        throw new MissingCredentialsException(ClickSendClient.Provider,
            $"ClickSend credentials are missing: send Authorization: Basic (username:api_key) or {UsernameHeader} and {ApiKeyHeader}.");
    }

    private static bool TryDecodeBasic(string encoded, out string user, out string key)
    {
        user = key = "";
        Span<byte> buffer = stackalloc byte[512];
        if (encoded.Length > 680 || !Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer[..written]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        user = text[..colon];
        key = text[(colon + 1)..];
        return true;
    }
}
