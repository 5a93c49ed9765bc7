using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.Hosting;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The app's own key when it runs standalone; in Azure the Functions host checks function keys instead.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// Standalone stand-in for the Functions host's key check: the same <c>x-functions-key</c> header
/// or <c>code</c> query parameter, so a connector works against either without change.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
{
    public const string Header = "x-functions-key";
    public const string QueryParameter = "code";

    private readonly byte[]? _expectedHash = string.IsNullOrEmpty(options.Value.ApiKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey));

    public Task InvokeAsync(HttpContext context)
    {
        if (_expectedHash is null)
        {
            return next(context);
        }

        var endpoint = context.GetEndpoint();
        var level = endpoint?.Metadata.GetMetadata<FunctionAuthLevelMetadata>()?.Level ?? FunctionAuthLevelMetadata.Function;
        if (endpoint is null || level == FunctionAuthLevelMetadata.Anonymous || endpoint.Metadata.GetMetadata<NotAFunctionMetadata>() is not null)
        {
            return next(context);
        }

        var presented = context.Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            presented = context.Request.Query[QueryParameter].ToString();
        }

        if (presented.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash))
        {
            return next(context);
        }

        return Problems.Unauthorized($"Send the API key in the {Header} header or the {QueryParameter} query parameter.").ExecuteAsync(context);
    }
}
