using System.Net.Http.Headers;
using System.Net.Sockets;
using MessagingConnectors.Hosting;
using MessagingConnectors.Providers;
using Polly.Timeout;

namespace MessagingConnectors.Tests.Providers;

public class UpstreamFailuresTests
{
    private const string Provider = "ClickSend";

    private static HttpResponseHeaders Headers(Action<HttpResponseHeaders>? configure = null)
    {
        using var response = new HttpResponseMessage();
        configure?.Invoke(response.Headers);
        return response.Headers;
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(429)]
    public void ClientErrors_KeepTheirStatus(int status)
    {
        var e = UpstreamFailures.FromStatus(Provider, status, "CODE", "message", Headers());
        Assert.Equal(status, e.Status);
        Assert.Equal(Provider, e.Provider);
        Assert.Equal("CODE", e.ProviderCode);
        Assert.Equal(status, e.Extensions!["providerStatus"]);
    }

    [Theory]
    [InlineData(405)]
    [InlineData(410)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(302)]
    public void OtherStatuses_Become502(int status)
    {
        var e = UpstreamFailures.FromStatus(Provider, status, null, null, null);
        Assert.Equal(502, e.Status);
        Assert.Null(e.RetryAfter);
        Assert.Equal(status, e.Extensions!["providerStatus"]);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(429)]
    public void RejectedBeforeProcessing_HasNoEffect(int status) =>
        Assert.Equal(UpstreamEffect.None, UpstreamFailures.FromStatus(Provider, status, null, null, null).Effect);

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void ServerErrors_HaveAnUnknownEffect(int status) =>
        Assert.Equal(UpstreamEffect.Unknown, UpstreamFailures.FromStatus(Provider, status, null, null, null).Effect);

    [Fact]
    public void Throttled_CarriesRetryAfterDeltaFromHeaders()
    {
        var headers = Headers(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(7), UpstreamFailures.FromStatus(Provider, 429, null, null, headers).RetryAfter);
    }

    [Fact]
    public void Throttled_CarriesRetryAfterDateFromHeaders()
    {
        var headers = Headers(h => h.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(120)));
        var retryAfter = UpstreamFailures.FromStatus(Provider, 429, null, null, headers).RetryAfter;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public void Throttled_WithoutRetryAfter_GetsADefault()
    {
        var withoutHeader = UpstreamFailures.FromStatus(Provider, 429, null, null, Headers()).RetryAfter;
        var withoutHeaders = UpstreamFailures.FromStatus(Provider, 429, null, null, null).RetryAfter;
        Assert.NotNull(withoutHeader);
        Assert.True(withoutHeader > TimeSpan.Zero);
        Assert.Equal(withoutHeader, withoutHeaders);
    }

    [Fact]
    public void OnlyThrottled_CarriesRetryAfter()
    {
        var headers = Headers(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
        Assert.Null(UpstreamFailures.FromStatus(Provider, 503, null, null, headers).RetryAfter);
        Assert.Null(UpstreamFailures.FromStatus(Provider, 400, null, null, headers).RetryAfter);
    }

    [Fact]
    public void ProviderMessage_IsInTheDetail()
    {
        var e = UpstreamFailures.FromStatus(Provider, 400, "INVALID_RECIPIENT", "The recipient is not valid.", null);
        Assert.Contains("The recipient is not valid.", e.Detail, StringComparison.Ordinal);
        Assert.Equal(Problems.Types.Provider, e.ProblemType);
    }

    [Fact]
    public void ConnectionRefused_IsUnreachableWithNoEffect()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused",
            new SocketException((int)SocketError.ConnectionRefused));
        var e = UpstreamFailures.FromTransport(Provider, refused);
        Assert.Equal(502, e.Status);
        Assert.Equal(ProviderException.UnreachableCode, e.ProviderCode);
        Assert.Equal(UpstreamEffect.None, e.Effect);
        Assert.Equal(Problems.Types.ProviderUnreachable, e.ProblemType);
        Assert.Same(refused, e.InnerException);
    }

    [Fact]
    public void NameResolutionFailure_IsUnreachableWithNoEffect()
    {
        var e = UpstreamFailures.FromTransport(Provider, new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"));
        Assert.Equal(502, e.Status);
        Assert.Equal(UpstreamEffect.None, e.Effect);
    }

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.Unknown)]
    [InlineData(HttpRequestError.ConnectionError)] // connection error without proof it was refused (e.g. reset)
    public void OtherTransportFailures_Are502WithAnUnknownEffect(HttpRequestError error)
    {
        var inner = error == HttpRequestError.ConnectionError ? new SocketException((int)SocketError.ConnectionReset) : null;
        var e = UpstreamFailures.FromTransport(Provider, new HttpRequestException(error, "failed", inner));
        Assert.Equal(502, e.Status);
        Assert.Equal(ProviderException.UnreachableCode, e.ProviderCode);
        Assert.Equal(UpstreamEffect.Unknown, e.Effect);
    }

    public static TheoryData<Exception> TimeOuts => new()
    {
        new TaskCanceledException("timed out"),
        new TimeoutRejectedException("timed out"),
        new OperationCanceledException("timed out"),
    };

    [Theory]
    [MemberData(nameof(TimeOuts))]
    public void TimeOut_Is504WithAnUnknownEffect(Exception exception)
    {
        var e = UpstreamFailures.FromTransport(Provider, exception);
        Assert.Equal(504, e.Status);
        Assert.Equal(ProviderException.TimeoutCode, e.ProviderCode);
        Assert.Equal(UpstreamEffect.Unknown, e.Effect);
        Assert.Equal(Problems.Types.ProviderTimeout, e.ProblemType);
    }

    [Fact]
    public void InvalidResponse_Is502WithAnUnknownEffect()
    {
        var e = UpstreamFailures.InvalidResponse(Provider, 200);
        Assert.Equal(502, e.Status);
        Assert.Equal(ProviderException.InvalidResponseCode, e.ProviderCode);
        Assert.Equal(UpstreamEffect.Unknown, e.Effect);
    }
}
