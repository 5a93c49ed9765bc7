using System.Globalization;
using System.Net.Http.Headers;
using MessagingConnectors.Hosting;
using Polly.Timeout;

namespace MessagingConnectors.Providers;

/// <summary>Maps transport failures and provider statuses to <see cref="ProviderException"/> the same way for every provider.</summary>
public static class UpstreamFailures
{
    /// <summary>Provider 4xx statuses the caller gets unchanged; every other failure becomes 502.</summary>
    private static readonly HashSet<int> PassedThrough = [400, 401, 403, 404, 409, 422, 429];

    public static ProviderException FromTransport(string provider, Exception exception) => exception switch
    {
        TimeoutRejectedException or TaskCanceledException or OperationCanceledException => new ProviderException(
            provider, StatusCodes.Status504GatewayTimeout, $"{provider} did not answer in time",
            $"{provider} did not answer within the time-out; the request may or may not have been processed.",
            ProviderException.TimeoutCode, UpstreamEffect.Unknown, inner: exception),
        _ when ProviderHttpClients.NeverReachedProvider(exception) => new ProviderException(
            provider, StatusCodes.Status502BadGateway, $"{provider} could not be reached",
            $"The connection to {provider} could not be made; nothing was sent.",
            ProviderException.UnreachableCode, UpstreamEffect.None, inner: exception),
        _ => new ProviderException(
            provider, StatusCodes.Status502BadGateway, $"{provider} could not be reached",
            $"The connection to {provider} failed before a complete answer arrived.",
            ProviderException.UnreachableCode, UpstreamEffect.Unknown, inner: exception),
    };

    public static ProviderException FromStatus(string provider, int upstreamStatus, string? providerCode, string? providerMessage,
        HttpResponseHeaders? headers)
    {
        var status = PassedThrough.Contains(upstreamStatus) ? upstreamStatus : StatusCodes.Status502BadGateway;
        var retryAfter = status == StatusCodes.Status429TooManyRequests ? RetryAfter(headers) ?? TimeSpan.FromSeconds(30) : (TimeSpan?)null;
        // Rejected before processing: bad request, bad credentials, no permission, throttled.
        var effect = upstreamStatus is 400 or 401 or 403 or 404 or 422 or 429 ? UpstreamEffect.None : UpstreamEffect.Unknown;
        var detail = string.IsNullOrWhiteSpace(providerMessage)
            ? string.Create(CultureInfo.InvariantCulture, $"{provider} answered HTTP {upstreamStatus}.")
            : string.Create(CultureInfo.InvariantCulture, $"{provider} answered HTTP {upstreamStatus}: {providerMessage}");
        var extensions = new Dictionary<string, object?> { [Problems.Members.ProviderStatus] = upstreamStatus };
        if (!string.IsNullOrWhiteSpace(providerMessage))
        {
            extensions[Problems.Members.ProviderMessage] = providerMessage;
        }

        return new ProviderException(provider, status, TitleFor(provider, upstreamStatus), detail, providerCode, effect, retryAfter, extensions);
    }

    public static ProviderException InvalidResponse(string provider, int upstreamStatus, Exception? inner = null) => new(
        provider, StatusCodes.Status502BadGateway, $"{provider} sent an answer that could not be read",
        string.Create(CultureInfo.InvariantCulture, $"{provider} answered HTTP {upstreamStatus} with a body that is not the expected JSON."),
        ProviderException.InvalidResponseCode, UpstreamEffect.Unknown, inner: inner);

    private static TimeSpan? RetryAfter(HttpResponseHeaders? headers)
    {
        var value = headers?.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta;
        }

        return value?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static string TitleFor(string provider, int status) => status switch
    {
        400 => $"{provider} rejected the request",
        401 => $"{provider} rejected the credentials",
        403 => $"{provider} refused the operation",
        404 => $"{provider} did not find the resource",
        409 => $"{provider} reported a conflict",
        429 => $"{provider} is throttling requests",
        _ => $"{provider} failed",
    };
}
