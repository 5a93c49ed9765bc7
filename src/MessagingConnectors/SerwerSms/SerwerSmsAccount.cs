using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using Microsoft.Extensions.Options;
using MessagingConnectors.Providers;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// The SerwerSMS account a call acts for: an API token (sent as a Bearer header) or an API user
/// (sent as <c>username</c>/<c>password</c> body fields). Secrets never leave this type otherwise.
/// </summary>
public sealed class SerwerSmsAccount
{
    public const string TokenHeader = "X-SerwerSMS-Token";
    public const string UsernameHeader = "X-SerwerSMS-Username";
    public const string PasswordHeader = "X-SerwerSMS-Password";

    private readonly string? _token;
    private readonly string? _username;
    private readonly string? _password;
    private readonly string? _scope;
    private readonly MissingCredentialsException? _refusal;

    private SerwerSmsAccount(MissingCredentialsException refusal) => _refusal = refusal;

    private SerwerSmsAccount(string? token, string? username, string? password)
    {
        _token = token;
        _username = username;
        _password = password;
        _scope = token is not null
            ? "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..32]
            : "user:" + username;
    }

    public static SerwerSmsAccount FromToken(string token) => new(token, null, null);

    public static SerwerSmsAccount FromUser(string username, string password) => new(null, username, password);

    /// <summary>Who the call acts for, without the secret: a token hash or the API username.</summary>
    public string Scope => _scope ?? throw _refusal!.Again();

    public override string ToString() => _refusal is null ? $"SerwerSMS account {_scope}" : "SerwerSMS account (none)";

    /// <summary>Adds the credentials to an upstream call: the Bearer header, or the body fields.</summary>
    internal void Apply(HttpRequestMessage request, JsonObject body)
    {
        if (_refusal is not null)
        {
            throw _refusal.Again();
        }

        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            return;
        }

        body["username"] = _username;
        body["password"] = _password;
    }

    /// <summary>
    /// Binds a handler's <see cref="SerwerSmsAccount"/> parameter: the caller's account, as <see cref="Resolve"/> finds it.
    /// Missing credentials are refused (401) where the account is first used, so a request's own errors (400) come first.
    /// </summary>
    public static ValueTask<SerwerSmsAccount?> BindAsync(HttpContext context)
    {
        try
        {
            return ValueTask.FromResult<SerwerSmsAccount?>(Resolve(context));
        }
        catch (MissingCredentialsException refusal)
        {
            return ValueTask.FromResult<SerwerSmsAccount?>(new SerwerSmsAccount(refusal));
        }
    }

    /// <summary>
    /// Request headers win over settings; a token wins over a username and password from the same source. A username
    /// without its password (or the reverse) is refused, never completed from the settings; an empty header carries
    /// nothing, as the connector sends every credential header, empty when the connection leaves it blank.
    /// </summary>
    public static SerwerSmsAccount Resolve(HttpContext context)
    {
        var headers = context.Request.Headers;
        var token = headers[TokenHeader].ToString().Trim();
        if (token.Length > 0)
        {
            return FromToken(token);
        }

        var user = headers[UsernameHeader].ToString().Trim();
        var password = headers[PasswordHeader].ToString();
        if (user.Length > 0 && password.Length > 0)
        {
            return FromUser(user, password);
        }

        if (user.Length > 0 || password.Length > 0)
        {
            var (sent, missing) = user.Length > 0 ? (UsernameHeader, PasswordHeader) : (PasswordHeader, UsernameHeader);
            throw new MissingCredentialsException(SerwerSmsClient.Provider,
                $"SerwerSMS credentials are incomplete: {sent} was sent without {missing}. Send both, or {TokenHeader}.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<SerwerSmsOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            return FromToken(options.Token.Trim());
        }

        if (!string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
        {
            return FromUser(options.Username, options.Password);
        }

        throw new MissingCredentialsException(SerwerSmsClient.Provider,
            $"SerwerSMS credentials are missing: send {TokenHeader} (an API token), or {UsernameHeader} and {PasswordHeader} (an API user).");
    }
}
