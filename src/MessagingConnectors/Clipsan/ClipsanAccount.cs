using MessagingConnectors.Hosting;
using Microsoft.Extensions.Options;
using MessagingConnectors.Providers;

namespace MessagingConnectors.Clipsan;

/// <summary>The Clipsan account a call acts for; its secure key leaves this type only as the upstream <c>key</c> parameter.</summary>
public sealed class ClipsanAccount
{
    public const string KeyHeader = "X-Clipsan-Key";

    private readonly string? _key;
    private readonly MissingCredentialsException? _refusal;

    private ClipsanAccount(string key) => _key = key;

    private ClipsanAccount(MissingCredentialsException refusal) => _refusal = refusal;

    internal string Key => _key ?? throw _refusal!.Again();

    public override string ToString() => _refusal is null ? "Clipsan account (key redacted)" : "Clipsan account (none)";

    /// <summary>The account of a key kept for a trigger (sealed in storage), for calls the app makes on a notification.</summary>
    internal static ClipsanAccount FromKey(string key) => new(key);

    /// <summary>
    /// Binds a handler's <see cref="ClipsanAccount"/> parameter: the caller's account, as <see cref="Resolve"/> finds it.
    /// A missing key is refused (401) where the account is first used, so a request's own errors (400) come first.
    /// </summary>
    public static ValueTask<ClipsanAccount?> BindAsync(HttpContext context)
    {
        try
        {
            return ValueTask.FromResult<ClipsanAccount?>(Resolve(context));
        }
        catch (MissingCredentialsException refusal)
        {
            return ValueTask.FromResult<ClipsanAccount?>(new ClipsanAccount(refusal));
        }
    }

    /// <summary>
    /// The request header wins over the single-tenant setting. The key is the whole credential, so there is no half
    /// of it to refuse; an empty header carries nothing (the connector sends it empty when the connection has no key).
    /// </summary>
    public static ClipsanAccount Resolve(HttpContext context)
    {
        var header = context.Request.Headers[KeyHeader].ToString().Trim();
        if (header.Length > 0)
        {
            return new ClipsanAccount(header);
        }

        var options = context.RequestServices.GetRequiredService<IOptions<ClipsanOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            return new ClipsanAccount(options.Key.Trim());
        }

        throw new MissingCredentialsException(ClipsanClient.Provider,
            $"The Clipsan secure key is missing: send it in the {KeyHeader} header (find it at https://clipsan.com/cs/clipsan/securekey).");
    }
}
