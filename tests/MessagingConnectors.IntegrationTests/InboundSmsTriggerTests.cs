using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using MessagingConnectors.Webhooks;
using static MessagingConnectors.IntegrationTests.Infrastructure.Waits;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class InboundSmsTriggerTests(Azurite azurite) : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;
    private CallbackServer _callback = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        _callback = await CallbackServer.StartAsync();
        _app = await TestApp.StartAsync(Settings());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _callback.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(bool background = true) => new(TestApp.Settings(azurite, _sandbox))
    {
        ["Webhooks:AllowLoopbackCallbacks"] = "true",
        ["Webhooks:BaseDelaySeconds"] = "0.1",
        ["Webhooks:SweepSeconds"] = "0.2",
        ["Webhooks:MaxAttempts"] = "4",
        ["Webhooks:BackgroundDelivery"] = background ? "true" : "false",
    };

    private async Task<HttpResponseMessage> Subscribe(string json, TestApp? app = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound") { Content = Http.Json(json) };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        return await (app ?? _app).Client.SendAsync(request);
    }

    private async Task<(long RuleId, string ReceiverUrl)> SubscribeDefault()
    {
        var response = await Subscribe($$"""{"action_address":"{{_callback.Url}}"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ruleId = (long)(await response.ReadJson())["inbound_rule_id"]!;
        var rule = _sandbox.ClickSend.InboundRules.Single(r => (long)r["inbound_rule_id"]! == ruleId);
        return (ruleId, (string)rule["action_address"]!);
    }

    [Fact]
    public async Task Subscribe_creates_the_ClickSend_rule_with_our_receiver_and_answers_201_with_the_unsubscribe_location()
    {
        var response = await Subscribe($$"""
            {"action_address":"{{_callback.Url}}","dedicated_number":"+61411111111","message_search_type":2,"message_search_term":"STOP"}
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ruleId = (long)(await response.ReadJson())["inbound_rule_id"]!;
        Assert.Equal(new Uri(_app.BaseAddress, $"api/clicksend/automations/sms/inbound/{ruleId}"), response.Headers.Location);

        var upstream = JsonNode.Parse(_sandbox.Journal.For("ClickSend", "POST", "/automations/sms/inbound").Single().Body)!.AsObject();
        var receiver = (string)upstream["action_address"]!;
        Assert.Matches($"^{_app.BaseAddress}api/clicksend/inbound/[0-9a-f]{{32}}\\?secret=[A-Za-z0-9_-]{{43}}$", receiver);
        upstream.Remove("action_address");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"dedicated_number":"+61411111111","rule_name":"Power-Automate","message_search_type":2,"message_search_term":"STOP",
             "action":"URL","enabled":1,"webhook_type":"json"}
            """), upstream), upstream.ToJsonString());
        Assert.DoesNotContain(_callback.Url, receiver, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inbound_sms_reaches_the_flow_exactly_once_with_the_connector_payload()
    {
        await SubscribeDefault();
        Assert.Equal(1, await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Yes please", "MSG-0001"));

        await Eventually(() => _callback.Received.Count == 1);
        await Task.Delay(500);
        var payload = Assert.Single(_callback.Received);
        Assert.Equal("Yes please", (string?)payload["body"]);
        Assert.Equal("+61433333333", (string?)payload["from"]);
        Assert.Equal("+61411111111", (string?)payload["to"]);
        Assert.Equal("MSG-0001", (string?)payload["message_id"]);
        Assert.Equal("ORIGINAL-1", (string?)payload["original_message_id"]);
        Assert.Equal("Your order shipped", (string?)payload["original_body"]);
        Assert.Equal(123456, (long)payload["user_id"]!);
        Assert.Equal(654321, (long)payload["subaccount_id"]!);
        Assert.True((long)payload["timestamp"]! > 0);
        Assert.Equal("Yes please", (string?)payload["message"]);
    }

    [Fact]
    public async Task The_sandbox_command_sends_the_message_id_it_is_given_so_a_repeat_is_recognised()
    {
        await SubscribeDefault();
        using var http = new HttpClient();
        var command = new Uri(_sandbox.BaseAddress, "_sandbox/clicksend/inbound");
        for (var i = 0; i < 2; i++)
        {
            var fired = await http.PostAsync(command, Http.Json("""{"body":"hi","message_id":"MY-ID-7"}"""));
            Assert.Equal(1, (int)(await fired.ReadJson())["delivered"]!);
        }

        await Eventually(() => _callback.Received.Count == 1);
        await Task.Delay(500);
        Assert.Equal("MY-ID-7", (string?)Assert.Single(_callback.Received)["message_id"]);
    }

    [Fact]
    public async Task The_same_message_posted_twice_reaches_the_flow_once()
    {
        await SubscribeDefault();
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Twice", "MSG-TWICE");
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Twice", "MSG-TWICE");

        await Eventually(() => !_callback.Received.IsEmpty);
        await Task.Delay(700);
        Assert.Single(_callback.Received);
    }

    [Fact]
    public async Task A_form_encoded_webhook_is_accepted()
    {
        var (_, receiver) = await SubscribeDefault();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["message"] = "form body", ["sms"] = "+61433333333", ["to"] = "+61411111111", ["message_id"] = "FORM-1",
            ["originalmessageid"] = "O-1", ["originalmessage"] = "orig", ["customstring"] = "ref",
        });
        var response = await new HttpClient().PostAsync(receiver, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually(() => _callback.Received.Count == 1);
        var payload = _callback.Received.Single();
        Assert.Equal("form body", (string?)payload["body"]);
        Assert.Equal("+61433333333", (string?)payload["from"]);
        Assert.Equal("O-1", (string?)payload["original_message_id"]);
        Assert.Equal("ref", (string?)payload["custom_string"]);
    }

    [Fact]
    public async Task A_callback_that_fails_twice_gets_the_message_once_more_and_then_never_again()
    {
        await SubscribeDefault();
        _callback.AnswerNext(500, 503);
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Retry me", "MSG-RETRY");

        await Eventually(() => _callback.Received.Count == 1);
        await Task.Delay(700);
        Assert.Equal(3, _callback.Calls);
        Assert.Single(_callback.Received);
    }

    [Fact]
    public async Task A_message_stored_before_a_crash_is_delivered_after_restart()
    {
        // Only the instance that "crashes" may run: any running instance delivers due messages.
        await _app.DisposeAsync();
        var stopped = await TestApp.StartAsync(Settings(background: false));
        var response = await Subscribe($$"""{"action_address":"{{_callback.Url}}"}""", stopped);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Survive", "MSG-CRASH");
        await stopped.DisposeAsync();
        await Task.Delay(300);
        Assert.Empty(_callback.Received);

        _app = await TestApp.StartAsync(Settings());
        await Eventually(() => _callback.Received.Any(p => (string?)p["message_id"] == "MSG-CRASH"));
        await Task.Delay(500);
        Assert.Single(_callback.Received, p => (string?)p["message_id"] == "MSG-CRASH");
    }

    [Fact]
    public async Task The_timer_function_delivers_due_messages()
    {
        await using var timerOnly = await TestApp.StartAsync(Settings(background: false));
        var response = await Subscribe($$"""{"action_address":"{{_callback.Url}}"}""", timerOnly);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await _app.DisposeAsync();
        _app = timerOnly;
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Timer", "MSG-TIMER");

        var summary = await timerOnly.Services.GetRequiredService<MessagingConnectors.Hosting.ScheduledWork>()
            .RunAsync("DeliverInboundMessages", CancellationToken.None);

        Assert.Contains("delivered 1", summary, StringComparison.Ordinal);
        Assert.Single(_callback.Received);
        _app = await TestApp.StartAsync(Settings());
    }

    [Fact]
    public async Task Unsubscribe_deletes_the_rule_and_the_subscription_and_is_idempotent()
    {
        var (ruleId, receiver) = await SubscribeDefault();
        var request = () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Delete, $"api/clicksend/automations/sms/inbound/{ruleId}");
            message.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            return message;
        };

        Assert.Equal(HttpStatusCode.OK, (await _app.Client.SendAsync(request())).StatusCode);
        Assert.Empty(_sandbox.ClickSend.InboundRules);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.SendAsync(request())).StatusCode);

        var late = await new HttpClient().PostAsync(receiver, Http.Json("""{"message_id":"LATE","body":"x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    private async Task<JsonNode> Unsubscribe(long ruleId, TestApp? app = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Delete, $"api/clicksend/automations/sms/inbound/{ruleId}");
        message.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        var response = await (app ?? _app).Client.SendAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJson();
    }

    [Fact]
    public async Task Unsubscribing_stops_every_retry_at_once_and_says_how_many_messages_were_discarded()
    {
        var (ruleId, _) = await SubscribeDefault();
        _callback.AnswerNext(Enumerable.Repeat(500, 20).ToArray());
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "One", "MSG-STOP-1");
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Two", "MSG-STOP-2");
        await Eventually(() => _callback.Calls >= 2);

        var result = await Unsubscribe(ruleId);
        var callsWhenDeleted = _callback.Calls;

        Assert.Equal(2, (int)result["discarded_count"]!);
        // The retries were 0.1-0.8 s apart and four were allowed: any left would have come by now.
        await Task.Delay(2500);
        Assert.Equal(callsWhenDeleted, _callback.Calls);
    }

    [Fact]
    public async Task A_retry_already_due_when_the_trigger_is_deleted_never_calls_the_flow()
    {
        await using var timerOnly = await TestApp.StartAsync(Settings(background: false));
        await _app.DisposeAsync();
        _app = timerOnly;
        var response = await Subscribe($$"""{"action_address":"{{_callback.Url}}"}""", timerOnly);
        var ruleId = (long)(await response.ReadJson())["inbound_rule_id"]!;
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Due", "MSG-DUE");
        var delivery = timerOnly.Services.GetRequiredService<CallbackDelivery>();
        _callback.AnswerNext(500);
        // The storage is shared with the other test classes, whose due messages a sweep handles too: what counts here is
        // that this trigger's message failed once, at this callback, and waits as a due retry.
        Assert.True((await delivery.DeliverDueAsync(CancellationToken.None)).Retried >= 1);
        Assert.Equal(1, _callback.Calls);
        await Task.Delay(1000);

        Assert.Equal(1, (int)(await Unsubscribe(ruleId, timerOnly))["discarded_count"]!);
        await delivery.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(1, _callback.Calls);
        _app = await TestApp.StartAsync(Settings());
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task A_wrong_or_missing_secret_is_a_404_and_stores_nothing(string secret)
    {
        var (_, receiver) = await SubscribeDefault();
        var forged = receiver.Split("?secret=")[0] + (secret.Length > 0 ? "?secret=" + secret : "");
        var response = await new HttpClient().PostAsync(forged, Http.Json("""{"message_id":"FORGED","body":"x"}"""));
        await response.AssertProblem(404);

        var receiverId = new Uri(receiver).Segments[^1];
        var stored = await _app.Services.GetRequiredService<InboundMessageStore>().AllAsync(receiverId, CancellationToken.None);
        Assert.Empty(stored);
        Assert.Empty(_callback.Received);
    }

    [Fact]
    public async Task A_callback_answering_410_ends_the_subscription()
    {
        var (_, receiver) = await SubscribeDefault();
        var receiverId = new Uri(receiver).Segments[^1];
        _callback.AnswerNext(410);
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Gone", "MSG-GONE");
        var subscriptions = _app.Services.GetRequiredService<SubscriptionStore>();
        await Eventually(() => subscriptions.FindByReceiverAsync("clicksend", receiverId, CancellationToken.None).Result is null);

        var after = await new HttpClient().PostAsync(receiver, Http.Json("""{"message_id":"AFTER","body":"x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(1, _callback.Calls);
        Assert.Empty(_callback.Received);
    }

    [Fact]
    public async Task Undeliverable_messages_are_dead_lettered_and_listed()
    {
        var (ruleId, _) = await SubscribeDefault();
        _callback.AnswerNext(500, 500, 500, 500);
        await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Never", "MSG-DEAD");
        await Eventually(() => _callback.Calls == 4);

        var request = new HttpRequestMessage(HttpMethod.Get, $"api/clicksend/automations/sms/inbound/{ruleId}/dead-letters");
        JsonArray dead = [];
        await Eventually(() =>
        {
            dead = _app.Client.GetAsync($"api/clicksend/automations/sms/inbound/{ruleId}/dead-letters").Result.ReadJson().Result.AsArray();
            return dead.Count == 1;
        });
        Assert.Equal("MSG-DEAD", (string?)dead[0]!["message_id"]);
        Assert.Equal(4, (int)dead[0]!["attempts"]!);
        Assert.Equal("callback answered 500", (string?)dead[0]!["last_error"]);
        Assert.Equal("Never", (string?)dead[0]!["payload"]!["body"]);
        request.Dispose();
    }

    [Theory]
    [InlineData("http://10.0.0.5/callback")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    public async Task Callback_urls_to_private_or_metadata_addresses_are_refused(string url)
    {
        var response = await Subscribe($$"""{"action_address":"{{url}}"}""");
        await response.AssertValidationProblem("action_address");
        Assert.Empty(_sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Loopback_callbacks_are_refused_unless_the_development_setting_allows_them()
    {
        await using var strict = await TestApp.StartAsync(new Dictionary<string, string?>(Settings()) { ["Webhooks:AllowLoopbackCallbacks"] = "false" });
        var response = await Subscribe($$"""{"action_address":"{{_callback.Url}}"}""", strict);
        await response.AssertValidationProblem("action_address");
        var https = await Subscribe("""{"action_address":"https://127.0.0.1/hook"}""", strict);
        await https.AssertValidationProblem("action_address");
    }

    [Theory]
    [InlineData("""{"action_address":"http://127.0.0.1/x","message_search_type":4}""", "message_search_type")]
    [InlineData("""{"action_address":"http://127.0.0.1/x","message_search_type":1}""", "message_search_term")]
    [InlineData("""{"action_address":"http://127.0.0.1/x","dedicated_number":"12345"}""", "dedicated_number")]
    [InlineData("""{"action_address":"http://127.0.0.1/x","webhook_type":"get"}""", "webhook_type")]
    [InlineData("""{"dedicated_number":"*"}""", "action_address")]
    public async Task Subscribe_refuses_bad_filters(string json, string field)
    {
        await (await Subscribe(json)).AssertValidationProblem(field);
        Assert.Empty(_sandbox.Journal.Requests);
    }

    [Fact]
    public async Task A_failed_rule_creation_leaves_no_subscription_behind()
    {
        _sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 500, Count: 1));
        var response = await Subscribe($$"""{"action_address":"{{_callback.Url}}"}""");
        await response.AssertProblem(502);
        Assert.Empty(_sandbox.ClickSend.InboundRules);
    }

    [Fact]
    public async Task The_trigger_is_declared_in_the_openapi_document()
    {
        var document = await (await _app.Client.GetAsync("api/swagger.json")).ReadJson();
        var path = document["paths"]!["/clicksend/automations/sms/inbound"]!;
        Assert.Equal("single", (string?)path["post"]!["x-ms-trigger"]);
        Assert.NotNull(path["post"]!["responses"]!["201"]!["headers"]!["Location"]);
        Assert.Equal("#/definitions/InboundSms", (string?)path["x-ms-notification-content"]!["schema"]!["$ref"]);
        Assert.NotNull(document["definitions"]!["InboundSms"]!["properties"]!["original_message_id"]);
        var body = document["definitions"]!["SmsInboundAutomationRequest"]!["properties"]!["action_address"]!;
        Assert.True((bool)body["x-ms-notification-url"]!);
        Assert.Equal("internal", (string?)body["x-ms-visibility"]);
    }
}
