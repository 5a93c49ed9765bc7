using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MessagingConnectors.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace MessagingConnectors.Tests.Providers;

/// <summary>
/// The call core every provider client goes through (<see cref="ProviderExchange"/>): what the transport's failures
/// become, how an answer is read, and the null stripping of bodies. The HTTP handler is the seam.
/// </summary>
public class ProviderExchangeTests
{
    private const string Provider = "Example";

    private static HttpClient Client(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        var handler = new Mock<HttpMessageHandler>(MockBehavior.Strict);
        handler.Protected()
            .Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .Returns(answer);
        return new HttpClient(handler.Object) { BaseAddress = new Uri("https://provider.example/") };
    }

    private static Task<ProviderAnswer> Send(HttpClient http, CancellationToken cancellationToken = default) =>
        ProviderExchange.SendAsync(http, new HttpRequestMessage(HttpMethod.Post, "send"), Provider, "POST send", NullLogger.Instance, cancellationToken);

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    public async Task Any_answer_is_read_whole_with_its_status(int status, bool success)
    {
        var http = Client((_, _) => Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent("""{"ok":1}""", Encoding.UTF8, "application/json"),
        }));

        var answer = await Send(http);

        Assert.Equal(status, answer.Status);
        Assert.Equal(success, answer.IsSuccess);
        Assert.Equal("""{"ok":1}""", Encoding.UTF8.GetString(answer.Payload));
    }

    public static TheoryData<string, int, UpstreamEffect> TransportFailures() => new()
    {
        // Refused: nothing reached the provider, so a send may be tried again.
        { "refused", StatusCodes.Status502BadGateway, UpstreamEffect.None },
        // Broken mid-way: the provider may have acted.
        { "reset", StatusCodes.Status502BadGateway, UpstreamEffect.Unknown },
        { "timeout", StatusCodes.Status504GatewayTimeout, UpstreamEffect.Unknown },
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task A_transport_failure_is_a_provider_problem_saying_whether_the_provider_may_have_acted(string failure, int status, UpstreamEffect effect)
    {
        Exception exception = failure switch
        {
            "refused" => new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)),
            "reset" => new HttpRequestException(HttpRequestError.ResponseEnded, "reset"),
            _ => new TaskCanceledException("the client's time-out"),
        };
        var http = Client((_, _) => Task.FromException<HttpResponseMessage>(exception));

        var e = await Assert.ThrowsAsync<ProviderException>(() => Send(http));

        Assert.Equal(status, e.Status);
        Assert.Equal(effect, e.Effect);
        Assert.Equal(Provider, e.Provider);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var http = Client((_, token) => Task.FromCanceled<HttpResponseMessage>(token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send(http, cancelled.Token));
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "x")]
    [InlineData("""{"name":"x","unknown":[1,2]}""", "x")]
    public void A_body_of_the_expected_shape_reads(string payload, string name)
    {
        var read = ProviderExchange.Read(Answer(payload), ExchangeTestJson.Default.Named, Provider);

        Assert.Equal(name, read.Name);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("<html>gateway error</html>")]
    [InlineData("""{"name":5}""")]
    [InlineData("")]
    public void A_body_that_is_not_the_expected_json_is_a_502_that_may_have_acted(string payload)
    {
        var e = Assert.Throws<ProviderException>(() => ProviderExchange.Read(Answer(payload), ExchangeTestJson.Default.Named, Provider));

        Assert.Equal(StatusCodes.Status502BadGateway, e.Status);
        Assert.Equal(UpstreamEffect.Unknown, e.Effect);
    }

    [Fact]
    public void Null_members_are_left_out_and_every_other_member_kept()
    {
        var body = new JsonObject { ["a"] = null, ["b"] = 0, ["c"] = false, ["d"] = "", ["e"] = new JsonArray(), ["f"] = null };

        var stripped = ProviderExchange.WithoutNulls(body);

        Assert.Same(body, stripped);
        Assert.Equal(["b", "c", "d", "e"], stripped.Select(p => p.Key));
    }

    private static ProviderAnswer Answer(string payload)
    {
        using var response = new HttpResponseMessage();
        return new ProviderAnswer(200, true, response.Headers, Encoding.UTF8.GetBytes(payload));
    }
}

public sealed record Named(string? Name);

[JsonSerializable(typeof(Named))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class ExchangeTestJson : JsonSerializerContext;
