using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class SendSmsTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private Task<HttpResponseMessage> Send(string json, string? user = "sandbox", string? key = "sandbox-api-key")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json(json) };
        if (user is not null && key is not null)
        {
            request.Headers.Authorization = Http.Basic(user, key);
        }

        return App.Client.SendAsync(request);
    }

    private IReadOnlyList<RecordedRequest> UpstreamSends => Sandbox.Journal.For("ClickSend", "POST", "/sms/send");

    [Fact]
    public async Task Sends_the_exact_upstream_request_and_returns_every_message_status_with_part_counts()
    {
        var response = await Send("""
            {"messages":[
              {"to":"+61411111111","body":"Hello from the tests","custom_string":"ref-1"},
              {"to":"0412 345 678","country":"au","body":"Zdravím ✓","from":"Shop"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upstream = Assert.Single(UpstreamSends);
        Assert.Equal("/clicksend/v3/sms/send", upstream.Path);
        Assert.Equal(Http.Basic("sandbox", "sandbox-api-key").ToString(), upstream.Authorization);
        Assert.Equal("application/json", upstream.ContentType?.Split(';')[0]);
        var sent = JsonNode.Parse(upstream.Body)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"messages":[
              {"to":"+61411111111","body":"Hello from the tests","source":"MessagingConnectors","custom_string":"ref-1"},
              {"to":"+61412345678","body":"Zdravím ✓","source":"MessagingConnectors","from":"Shop","country":"AU"}
            ]}
            """), sent), sent.ToJsonString());

        var body = await response.ReadJson();
        Assert.Equal("SUCCESS", (string?)body["response_code"]);
        Assert.Equal(2, (int)body["accepted_count"]!);
        Assert.Equal(0, (int)body["rejected_count"]!);
        Assert.Equal("SUCCESS", (string?)body["data"]!["messages"]![0]!["status"]);
        Assert.Equal("GSM-7", (string?)body["part_counts"]![0]!["encoding"]);
        Assert.Equal("UCS-2", (string?)body["part_counts"]![1]!["encoding"]);
        Assert.Equal(1, (int)body["part_counts"]![1]!["parts"]!);
    }

    [Fact]
    public async Task A_long_gsm_body_is_counted_in_153_character_parts()
    {
        var response = await Send($$"""{"messages":[{"to":"+61411111111","body":"{{new string('a', 307)}}"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = (await response.ReadJson())["part_counts"]![0]!;
        Assert.Equal(307, (int)counts["characters"]!);
        Assert.Equal(3, (int)counts["parts"]!);
    }

    [Fact]
    public async Task Reports_partial_rejection_in_counts_and_per_message_status()
    {
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"ok"},{"to":"+61411110000","body":"rejected"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal(1, (int)body["accepted_count"]!);
        Assert.Equal(1, (int)body["rejected_count"]!);
        Assert.Equal("INVALID_RECIPIENT", (string?)body["data"]!["messages"]![1]!["status"]);
    }

    [Fact]
    public async Task A_send_where_every_recipient_is_rejected_is_a_422_problem_listing_the_reasons()
    {
        var response = await Send("""{"messages":[{"to":"+61411110000","body":"rejected"}]}""");
        var problem = await response.AssertProblem(422);
        Assert.Equal("ClickSend", (string?)problem["provider"]);
        Assert.Equal("INVALID_RECIPIENT", (string?)problem["rejected"]![0]!["status"]);
    }

    [Theory]
    [InlineData("""{"messages":[{"to":"12345","body":"x"}]}""", "messages[0].to")]
    [InlineData("""{"messages":[{"to":"0412345678","body":"x"}]}""", "messages[0].to")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":""}]}""", "messages[0].body")]
    [InlineData("""{"messages":[{"to":"+61411111111"}]}""", "messages[0].body")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{}""", "messages")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"x","custom_string":"__LONG__"}]}""", "messages[0].custom_string")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"x","from":"TwelveLetter"}]}""", "messages[0].from")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"x","country":"XX"}]}""", "messages[0].country")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"x","list_id":"abc"}]}""", "messages[0].list_id")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"x","unknown":1}]}""", "messages[0].unknown")]
    [InlineData("""{"messages":[{"to":"+61411111111","body":"x"}""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field_and_never_reaches_ClickSend(string json, string field)
    {
        var response = await Send(json.Replace("__LONG__", new string('r', 256), StringComparison.Ordinal));
        await response.AssertValidationProblem(field);
        Assert.Empty(UpstreamSends);
    }

    [Fact]
    public async Task A_body_over_eight_parts_is_refused()
    {
        var gsmOk = await Send($$"""{"messages":[{"to":"+61411111111","body":"{{new string('a', 1224)}}"}]}""");
        Assert.Equal(HttpStatusCode.OK, gsmOk.StatusCode);
        var gsmTooLong = await Send($$"""{"messages":[{"to":"+61411111111","body":"{{new string('a', 1225)}}"}]}""");
        await gsmTooLong.AssertValidationProblem("messages[0].body");
        var unicodeTooLong = await Send($$"""{"messages":[{"to":"+61411111111","body":"{{new string('ř', 537)}}"}]}""");
        await unicodeTooLong.AssertValidationProblem("messages[0].body");
    }

    [Fact]
    public async Task More_than_1000_messages_are_refused()
    {
        var messages = string.Join(",", Enumerable.Repeat("""{"to":"+61411111111","body":"x"}""", 1001));
        var response = await Send($$"""{"messages":[{{messages}}]}""");
        await response.AssertValidationProblem("messages");
        Assert.Empty(UpstreamSends);
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send")
        {
            Content = new StringContent("to=+61411111111", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        var response = await App.Client.SendAsync(request);
        await response.AssertProblem(415);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        var response = await Send($$"""{"messages":[{"to":"+61411111111","body":"{{new string('a', 2 * 1024 * 1024)}}"}]}""");
        await response.AssertProblem(413);
        Assert.Empty(UpstreamSends);
    }

    [Fact]
    public async Task Credentials_can_come_from_the_X_ClickSend_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send")
        {
            Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"x"}]}"""),
        };
        request.Headers.Add("X-ClickSend-Username", "sandbox");
        request.Headers.Add("X-ClickSend-ApiKey", "sandbox-api-key");
        var response = await App.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Http.Basic("sandbox", "sandbox-api-key").ToString(), Assert.Single(UpstreamSends).Authorization);
    }

    [Fact]
    public async Task Missing_credentials_are_a_401_problem_without_an_upstream_call()
    {
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"x"}]}""", user: null, key: null);
        await response.AssertProblem(401);
        Assert.Empty(UpstreamSends);
    }

    [Fact]
    public async Task Bad_credentials_are_ClickSends_401_as_a_problem()
    {
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"x"}]}""", key: "wrong-key");
        var problem = await response.AssertProblem(401);
        Assert.Equal("ClickSend", (string?)problem["provider"]);
        Assert.Equal("UNAUTHORIZED", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task Provider_429_is_a_429_problem_with_Retry_After_and_is_not_retried()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 429, RetryAfter: 17));
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"x"}]}""");
        var problem = await response.AssertProblem(429);
        Assert.Equal("17", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("TOO_MANY_REQUESTS", (string?)problem["providerCode"]);
        Assert.Single(UpstreamSends);
    }

    [Fact]
    public async Task Provider_500_is_a_502_problem_and_the_send_is_not_retried()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 500));
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"x"}]}""");
        var problem = await response.AssertProblem(502);
        Assert.Equal("ClickSend", (string?)problem["provider"]);
        Assert.Equal(500, (int)problem["providerStatus"]!);
        Assert.Single(UpstreamSends);
    }

    [Fact]
    public async Task Malformed_provider_json_is_a_502_problem()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Malformed));
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"x"}]}""");
        var problem = await response.AssertProblem(502);
        Assert.Equal("INVALID_RESPONSE", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task A_provider_that_never_answers_is_a_504_problem_within_the_time_out()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Hang));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await Send("""{"messages":[{"to":"+61411111111","body":"x"}]}""");
        var problem = await response.AssertProblem(504);
        Assert.Equal("TIMEOUT", (string?)problem["providerCode"]);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(9), $"took {started.Elapsed}");
        Assert.Single(UpstreamSends);
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_502_problem()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["ClickSend:BaseUrl"] = $"http://127.0.0.1:{Azurite.FreePort()}/v3/",
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"x"}]}""") };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        var response = await app.Client.SendAsync(request);
        var problem = await response.AssertProblem(502);
        Assert.Equal("UNREACHABLE", (string?)problem["providerCode"]);
    }

    [Fact]
    public async Task Credentials_from_settings_are_used_when_the_request_has_none()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["ClickSend:Username"] = "sandbox",
            ["ClickSend:ApiKey"] = "sandbox-api-key",
        });
        var response = await app.Client.PostAsync("api/clicksend/sms/send", Http.Json("""{"messages":[{"to":"+61411111111","body":"x"}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Http.Basic("sandbox", "sandbox-api-key").ToString(), Assert.Single(UpstreamSends).Authorization);
    }
}
