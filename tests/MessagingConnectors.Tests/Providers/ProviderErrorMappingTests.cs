using System.Net;
using System.Text;
using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using MessagingConnectors.Hosting;
using MessagingConnectors.SerwerSms;
using MessagingConnectors.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace MessagingConnectors.Tests.Providers;

/// <summary>How each provider's own error answer becomes the caller's problem: status, provider code and message.</summary>
public class ProviderErrorMappingTests
{
    [Theory]
    [InlineData(1001, "InvalidUser", 200, 401)]
    [InlineData(1002, "InvalidRole", 200, 403)]
    [InlineData(1005, "InvalidRole", 200, 403)]
    [InlineData(1004, "InvalidID", 200, 404)]
    [InlineData(2000, "ValidationRequiredError", 200, 400)]
    [InlineData(2001, "ValidationPhoneError", 400, 400)]
    [InlineData(2002, "ValidationCodeError", 200, 400)]
    [InlineData(3000, "SendError", 200, 402)]
    [InlineData(3000, "SendError", 429, 429)]
    [InlineData(3100, "TooManyRequests", 200, 429)]
    [InlineData(1000, "InvalidAction", 200, 502)]
    [InlineData(1003, "InvalidIP", 200, 502)]
    public void SerwerSms_error_codes_map_to_statuses_with_an_English_detail_and_the_original_text_beside_it(
        int code, string type, int upstreamStatus, int status)
    {
        var e = SerwerSmsClient.FromError(upstreamStatus, code, type, "Komunikat po polsku");

        Assert.Equal(status, e.Status);
        Assert.Equal(SerwerSmsClient.Provider, e.Provider);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), e.ProviderCode);
        Assert.Equal(type, e.Extensions!["providerType"]);
        Assert.Equal("Komunikat po polsku", e.Extensions["providerMessage"]);
        Assert.Equal(upstreamStatus, e.Extensions["providerStatus"]);
        Assert.DoesNotContain("polsku", e.Detail, StringComparison.Ordinal);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Detail, StringComparison.Ordinal);
        // SerwerSMS answered, so it did not act: a send may be tried again.
        Assert.Equal(UpstreamEffect.None, e.Effect);
        Assert.Equal(status == 429, e.RetryAfter is not null);
    }

    [Fact]
    public void A_SerwerSms_error_without_a_message_still_has_a_detail_and_no_provider_message()
    {
        var e = SerwerSmsClient.FromError(200, null, null, null);

        Assert.Equal(502, e.Status);
        Assert.False(string.IsNullOrWhiteSpace(e.Detail));
        Assert.False(e.Extensions!.ContainsKey("providerMessage"));
    }

    [Theory]
    [InlineData("lead not found", 200, 404)]
    [InlineData("list not found", 200, 404)]
    [InlineData("user not found", 200, 404)]
    [InlineData("tag not found", 200, 404)]
    [InlineData("invalid query", 200, 400)]
    [InlineData("invalid list", 200, 400)]
    [InlineData("missing email", 200, 400)]
    [InlineData("invalid key", 200, 401)]
    [InlineData("wrong secure key", 403, 401)]
    [InlineData("something else", 200, 400)]
    [InlineData("something else", 500, 502)]
    [InlineData("something else", 429, 429)]
    public void Clipsan_errors_map_to_statuses_keeping_its_text(string error, int httpStatus, int status)
    {
        var query = new ClipsanQuery().WithKey(ClipsanAccount.FromKey("secret-key"));

        var e = ClipsanClient.FromError(error, httpStatus, null, query);

        Assert.Equal(status, e.Status);
        Assert.Equal(ClipsanClient.Provider, e.Provider);
        Assert.Equal(error, e.ProviderCode);
        Assert.Equal(httpStatus, e.Extensions!["providerStatus"]);
        Assert.Contains(error, e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Clipsan_error_that_repeats_the_key_or_a_birth_number_sent_does_not_carry_them()
    {
        var query = new ClipsanQuery().WithKey(ClipsanAccount.FromKey("secret-key")).Add("pin", "8001011234", secret: true);

        var e = ClipsanClient.FromError("lead 8001011234 (secret-key) not found", 200, null, query);

        Assert.Equal(404, e.Status);
        Assert.DoesNotContain("secret-key", e.Detail + e.ProviderCode + e.Extensions!["providerMessage"], StringComparison.Ordinal);
        Assert.DoesNotContain("8001011234", e.Detail + e.ProviderCode + e.Extensions["providerMessage"], StringComparison.Ordinal);
    }

    /// <summary>ClickSend's error envelope (<c>response_code</c>, <c>response_msg</c>) with its HTTP status, through the client.</summary>
    [Theory]
    [InlineData(400, "BAD_REQUEST", "Invalid recipient.", 400, UpstreamEffect.None)]
    [InlineData(401, "UNAUTHORIZED", "Invalid credentials.", 401, UpstreamEffect.None)]
    [InlineData(403, "FORBIDDEN", "Post is not available.", 403, UpstreamEffect.None)]
    [InlineData(404, "NOT_FOUND", "List not found.", 404, UpstreamEffect.None)]
    [InlineData(429, "TOO_MANY_REQUESTS", "Slow down.", 429, UpstreamEffect.None)]
    [InlineData(500, "INTERNAL_ERROR", "Something is broken.", 502, UpstreamEffect.Unknown)]
    [InlineData(503, "UNAVAILABLE", "Down for maintenance.", 502, UpstreamEffect.Unknown)]
    public async Task ClickSend_errors_map_to_statuses_keeping_its_code_and_message(int httpStatus, string code, string message, int status,
        UpstreamEffect effect)
    {
        var handler = new Mock<HttpMessageHandler>(MockBehavior.Strict);
        handler.Protected()
            .Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .ReturnsAsync(() => new HttpResponseMessage((HttpStatusCode)httpStatus)
            {
                Content = new StringContent($$"""{"http_code":{{httpStatus}},"response_code":"{{code}}","response_msg":"{{message}}","data":null}""",
                    Encoding.UTF8, "application/json"),
            });
        var client = new ClickSendClient(new HttpClient(handler.Object) { BaseAddress = new Uri("https://rest.clicksend.test/v3/") },
            NullLogger<ClickSendClient>.Instance);

        var e = await Assert.ThrowsAsync<ProviderException>(() => client.DeleteListAsync(new ClickSendAccount("user", "key"), 5, default));

        Assert.Equal(status, e.Status);
        Assert.Equal(effect, e.Effect);
        Assert.Equal(ClickSendClient.Provider, e.Provider);
        Assert.Equal(code, e.ProviderCode);
        Assert.Contains(message, e.Detail, StringComparison.Ordinal);
        Assert.Equal(httpStatus, e.Extensions!["providerStatus"]);
    }

}
