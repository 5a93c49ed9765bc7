using System.Net.Http.Headers;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>Every refusal says what was expected: the limit a body broke, and the JSON type a field wants and got.</summary>
[Collection(IntegrationGroup.Name)]
public sealed class ErrorMessagesTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private static string SmsBody(int bodyLength) =>
        $$"""{"messages":[{"to":"+61411111111","body":"{{new string('a', bodyLength)}}"}]}""";

    [Fact]
    public async Task A_body_over_the_limit_names_the_limit_and_the_declared_size()
    {
        var body = Http.Json(SmsBody(1_100_000));
        await body.LoadIntoBufferAsync();

        var problem = await (await App.Client.PostAsync("api/clicksend/sms/send", body)).AssertProblem(413);

        Assert.Matches("^This endpoint accepts a body of at most 1,048,576 bytes; the request declares 1,100,0[0-9]{2}\\.$", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_body_without_a_length_that_goes_over_the_limit_names_the_limit()
    {
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(SmsBody(1_100_000))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var problem = await (await App.Client.SendAsync(request)).AssertProblem(413);

        Assert.Equal("This endpoint accepts a body of at most 1,048,576 bytes; the request's body (sent without a length) went past it.",
            (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("api/clicksend/sms/send", """{"messages":{"to":"+61411111111","body":"x"}}""", "messages", "must be an array, not an object.")]
    [InlineData("api/clicksend/sms/send", """{"messages":[{"to":"+61411111111","body":"x","schedule":"tomorrow"}]}""", "messages[0].schedule", "must be a whole number, not a string.")]
    [InlineData("api/clicksend/sms/send", """{"messages":[{"to":61411111111,"body":"x"}]}""", "messages[0].to", "must be a string, not a number.")]
    [InlineData("api/serwersms/messages/send", """{"phone":"+48500600700","text":"x","date":"next friday"}""", "date",
        "must be a date and time in ISO 8601 form with its offset, e.g. 2026-12-24T09:30:00+01:00; the string sent is not in that form.")]
    [InlineData("api/serwersms/messages/send", """{"phone":"+48500600700","text":"x","test":"yes"}""", "test", "must be true or false, not a string.")]
    public async Task A_wrong_json_type_names_the_field_the_type_expected_and_the_type_sent(string path, string json, string field, string rule)
    {
        var problem = await (await App.Client.PostAsync(path, Http.Json(json))).AssertProblem(400);

        Assert.Equal(rule, (string)problem["errors"]![field]![0]!);
        Assert.Empty(Sandbox.Journal.Requests);
    }
}
