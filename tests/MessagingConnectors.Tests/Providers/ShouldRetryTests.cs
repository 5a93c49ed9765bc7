using System.Net;
using System.Net.Sockets;
using MessagingConnectors.Providers;
using Polly;
using Polly.Timeout;

namespace MessagingConnectors.Tests.Providers;

public class ShouldRetryTests
{
    private static bool ShouldRetry(string method, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://provider.test/v3/thing");
        using var response = new HttpResponseMessage(status);
        return ProviderHttpClients.ShouldRetry(request, Outcome.FromResult(response));
    }

    private static bool ShouldRetry(string method, Exception exception)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://provider.test/v3/thing");
        return ProviderHttpClients.ShouldRetry(request, Outcome.FromException<HttpResponseMessage>(exception));
    }

    private static HttpRequestException Refused() =>
        new(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));

    [Theory]
    [InlineData("GET", HttpStatusCode.ServiceUnavailable)]
    [InlineData("GET", HttpStatusCode.InternalServerError)]
    [InlineData("GET", HttpStatusCode.BadGateway)]
    [InlineData("GET", HttpStatusCode.TooManyRequests)]
    [InlineData("GET", HttpStatusCode.RequestTimeout)]
    [InlineData("DELETE", HttpStatusCode.ServiceUnavailable)]
    [InlineData("DELETE", HttpStatusCode.TooManyRequests)]
    [InlineData("PUT", HttpStatusCode.ServiceUnavailable)]
    public void ReadsAndDeletes_RetryTransientStatuses(string method, HttpStatusCode status) =>
        Assert.True(ShouldRetry(method, status));

    [Theory]
    [InlineData("GET", HttpStatusCode.OK)]
    [InlineData("GET", HttpStatusCode.BadRequest)]
    [InlineData("GET", HttpStatusCode.Unauthorized)]
    [InlineData("GET", HttpStatusCode.NotFound)]
    [InlineData("DELETE", HttpStatusCode.NotFound)]
    public void ReadsAndDeletes_DoNotRetryPermanentStatuses(string method, HttpStatusCode status) =>
        Assert.False(ShouldRetry(method, status));

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public void ReadsAndDeletes_RetryTransportFailuresAndTimeOuts(string method)
    {
        Assert.True(ShouldRetry(method, new HttpRequestException("connection reset")));
        Assert.True(ShouldRetry(method, Refused()));
        Assert.True(ShouldRetry(method, new TimeoutRejectedException()));
    }

    [Theory]
    [InlineData("GET", HttpStatusCode.TooManyRequests)]
    [InlineData("DELETE", HttpStatusCode.ServiceUnavailable)]
    public void ReadsAndDeletes_DoNotWaitOutALongRetryAfter(string method, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://provider.test/v3/thing");
        using var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(120));
        Assert.False(ProviderHttpClients.ShouldRetry(request, Outcome.FromResult(response)));
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
        Assert.True(ProviderHttpClients.ShouldRetry(request, Outcome.FromResult(response)));
    }

    [Fact]
    public void A_post_marked_retry_safe_is_retried_like_a_read()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://provider.test/groups/index.json");
        request.Options.Set(ProviderHttpClients.RetrySafe, true);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Assert.True(ProviderHttpClients.ShouldRetry(request, Outcome.FromResult(response)));
        Assert.True(ProviderHttpClients.ShouldRetry(request, Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
    }

    [Fact]
    public void Get_DoesNotRetryUnrelatedExceptions() =>
        Assert.False(ShouldRetry("GET", new InvalidOperationException("bug")));

    [Theory]
    [InlineData("POST", HttpStatusCode.ServiceUnavailable)]
    [InlineData("POST", HttpStatusCode.InternalServerError)]
    [InlineData("POST", HttpStatusCode.RequestTimeout)]
    [InlineData("POST", HttpStatusCode.BadRequest)]
    [InlineData("PATCH", HttpStatusCode.ServiceUnavailable)]
    [InlineData("PATCH", HttpStatusCode.RequestTimeout)]
    public void Sends_DoNotRetryStatuses(string method, HttpStatusCode status) =>
        Assert.False(ShouldRetry(method, status));

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public void Sends_DoNotRetryFailuresThatMayHaveReachedTheProvider(string method)
    {
        Assert.False(ShouldRetry(method, new HttpRequestException("connection reset")));
        Assert.False(ShouldRetry(method, new HttpRequestException(HttpRequestError.ResponseEnded, "response ended")));
        Assert.False(ShouldRetry(method, new HttpRequestException(HttpRequestError.ConnectionError, "reset",
            new SocketException((int)SocketError.ConnectionReset))));
        Assert.False(ShouldRetry(method, new TimeoutRejectedException()));
        Assert.False(ShouldRetry(method, new TaskCanceledException()));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public void Sends_RetryWhenTheProviderWasNeverReached(string method)
    {
        Assert.True(ShouldRetry(method, Refused()));
        Assert.True(ShouldRetry(method, new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
        Assert.True(ShouldRetry(method, new HttpRequestException(HttpRequestError.ConnectionError, "unreachable",
            new SocketException((int)SocketError.HostUnreachable))));
    }

    [Fact]
    public void NoRequest_NeverRetries()
    {
        Assert.False(ProviderHttpClients.ShouldRetry(null, Outcome.FromException<HttpResponseMessage>(Refused())));
    }
}
