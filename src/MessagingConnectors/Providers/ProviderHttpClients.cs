using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MessagingConnectors.Providers;

/// <summary>
/// The one way provider clients are registered: a typed HttpClient with the base URL from
/// settings and a resilience pipeline that retries reads, updates and deletes on transient
/// failures, and retries a POST only when the provider provably never saw it.
/// </summary>
public static class ProviderHttpClients
{
    /// <summary>Marks a request that must not be retried blindly although its method is safe (Clipsan's lead/add is a GET).</summary>
    public static readonly HttpRequestOptionsKey<bool> NoBlindRetry = new("MessagingConnectors.NoBlindRetry");

    public static IHttpClientBuilder AddProviderClient<TClient, TOptions>(this IServiceCollection services, string sectionName)
        where TClient : class
        where TOptions : ProviderOptions, new()
    {
        services.AddOptions<TOptions>().BindConfiguration(sectionName)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), $"{sectionName}:BaseUrl must be an absolute URL.");

        var builder = services.AddHttpClient<TClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        // Default HttpClient logging names full URLs; Clipsan puts its key in the query, so the
        // clients log through their own redacting messages instead.
        builder.RemoveAllLoggers();

        builder.AddResilienceHandler(sectionName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = TimeSpan.FromSeconds(5),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context.GetRequestMessage(), args.Outcome)),
                });
            }

            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        });

        return builder;
    }

    internal static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome)
    {
        if (request is null)
        {
            return false;
        }

        if (request.Method == HttpMethod.Post || request.Method == HttpMethod.Patch
            || (request.Options.TryGetValue(NoBlindRetry, out var noBlindRetry) && noBlindRetry))
        {
            return outcome.Exception is not null && NeverReachedProvider(outcome.Exception);
        }

        return outcome.Exception switch
        {
            HttpRequestException or TimeoutRejectedException => true,
            null => outcome.Result is { } response && IsTransient(response.StatusCode),
            _ => false,
        };
    }

    /// <summary>True when the connection was refused or never made, so the request cannot have been processed.</summary>
    public static bool NeverReachedProvider(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } http
        && (http.HttpRequestError == HttpRequestError.NameResolutionError
            || http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable });

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
