using System.Diagnostics.CodeAnalysis;
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

    /// <summary>Marks a POST that only reads or deletes (SerwerSMS sends every action as a POST), so it is retried like a GET.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetrySafe = new("MessagingConnectors.RetrySafe");

    /// <summary>The longest Retry-After worth waiting for inside one call; a longer one goes back to the caller as 429.</summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    /// <param name="settings">The provider's settings, bound to <paramref name="sectionName"/> by the caller: the configuration
    /// binder is generated for each concrete settings type, which a generic call cannot name.</param>
    /// <param name="sectionName">The configuration section, also the name of the resilience pipeline.</param>
    public static IHttpClientBuilder AddProviderClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient, TOptions>(
        this OptionsBuilder<TOptions> settings, string sectionName)
        where TClient : class
        where TOptions : ProviderOptions, new()
    {
        var services = settings.Services;
        settings.Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), $"{sectionName}:BaseUrl must be an absolute URL.");

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
                    MaxDelay = MaxRetryAfter,
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

        var retrySafe = request.Options.TryGetValue(RetrySafe, out var safe) && safe;
        if (((request.Method == HttpMethod.Post || request.Method == HttpMethod.Patch) && !retrySafe)
            || (request.Options.TryGetValue(NoBlindRetry, out var noBlindRetry) && noBlindRetry))
        {
            return outcome.Exception is not null && NeverReachedProvider(outcome.Exception);
        }

        return outcome.Exception switch
        {
            HttpRequestException or TimeoutRejectedException => true,
            null => outcome.Result is { } response && IsTransient(response.StatusCode) && !WaitsTooLong(response),
            _ => false,
        };
    }

    /// <summary>True when the connection was refused or never made, so the request cannot have been processed.</summary>
    public static bool NeverReachedProvider(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } http
        && (http.HttpRequestError == HttpRequestError.NameResolutionError
            || http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable });

    // Waiting out a long Retry-After would only end in our own time-out (504): the caller gets the 429 and the wait instead.
    private static bool WaitsTooLong(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retryAfter
        && (retryAfter.Delta ?? (retryAfter.Date - DateTimeOffset.UtcNow)) > MaxRetryAfter;

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
