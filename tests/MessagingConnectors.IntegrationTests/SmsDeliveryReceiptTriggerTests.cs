using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.ClickSend;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using MessagingConnectors.Sandbox.ClickSend;
using MessagingConnectors.Webhooks;
using static MessagingConnectors.IntegrationTests.Infrastructure.Waits;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The delivery receipt trigger end to end: the app, Azurite, the ClickSend sandbox pushing receipts to the account's one
/// rule, and flows' callbacks on loopback.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class SmsDeliveryReceiptTriggerTests(Azurite azurite) : IAsyncLifetime
{
    /// <summary>One ClickSend account per test: an account's receiver, rule and subscriptions outlive a test in the shared Azurite.</summary>
    private readonly string _username = "receipts-" + Guid.NewGuid().ToString("N");
    private SandboxServer _sandbox = null!;
    private CallbackServer _callback = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        _sandbox.ClickSend.Username = _username;
        _sandbox.ClickSend.ReceiptDelay = TimeSpan.FromMilliseconds(100);
        _callback = await CallbackServer.StartAsync();
        _app = await TestApp.StartAsync(Settings());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _callback.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private Dictionary<string, string?> Settings() => new(TestApp.Settings(azurite, _sandbox))
    {
        ["Webhooks:AllowLoopbackCallbacks"] = "true",
        ["Webhooks:BaseDelaySeconds"] = "0.1",
        ["Webhooks:SweepSeconds"] = "0.2",
        ["Webhooks:MaxAttempts"] = "3",
    };

    private async Task<HttpResponseMessage> Call(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Http.Json(json) };
        request.Headers.Authorization = Http.Basic(_username, "sandbox-api-key");
        return await _app.Client.SendAsync(request);
    }

    private async Task<string> Subscribe(string? callbackUrl = null, string? statuses = null, string? customString = null)
    {
        var body = new JsonObject { ["action_address"] = callbackUrl ?? _callback.Url };
        if (statuses is not null)
        {
            body["statuses"] = statuses;
        }

        if (customString is not null)
        {
            body["custom_string"] = customString;
        }

        var response = await Call(HttpMethod.Post, "api/clicksend/automations/sms/receipts", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadJson())["subscription_id"]!;
    }

    private Task<int> Push(string json) => PushAsync(JsonNode.Parse(json)!.AsObject());

    private async Task<int> PushAsync(JsonObject receipt)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(_sandbox.BaseAddress, "_sandbox/clicksend/receipts"), Http.Json(receipt.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (int)(await response.ReadJson())["delivered"]!;
    }

    private async Task SendSms(string to)
    {
        var response = await Call(HttpMethod.Post, "api/clicksend/sms/send", $$"""{"messages":[{"to":"{{to}}","body":"Your parcel is on its way"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<IReadOnlyList<InboundMessage>> Stored(string subscriptionId) =>
        _app.Services.GetRequiredService<InboundMessageStore>().AllAsync(subscriptionId, CancellationToken.None);

    [Fact]
    public async Task Subscribing_creates_one_receipt_rule_for_the_account_and_answers_201_with_the_unsubscribe_location()
    {
        var response = await Call(HttpMethod.Post, "api/clicksend/automations/sms/receipts", $$"""{"action_address":"{{_callback.Url}}"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJson();
        var id = (string)body["subscription_id"]!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(new Uri(_app.BaseAddress, $"api/clicksend/automations/sms/receipts/{id}"), response.Headers.Location);
        Assert.Equal("final", (string?)body["statuses"]);
        var rule = Assert.Single(_sandbox.ClickSend.ReceiptRules);
        Assert.Equal((long)rule["receipt_rule_id"]!, (long)body["receipt_rule_id"]!);
        var upstream = JsonNode.Parse(_sandbox.Journal.For("ClickSend", "POST", "/automations/sms/receipts").Single().Body)!.AsObject();
        var receiver = (string)upstream["action_address"]!;
        Assert.Matches($"^{_app.BaseAddress}api/clicksend/receipts/[0-9a-f]{{32}}\\?secret=[A-Za-z0-9_-]{{43}}$", receiver);
        Assert.DoesNotContain(_callback.Url, receiver, StringComparison.Ordinal);
        upstream.Remove("action_address");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"rule_name":"Power-Automate delivery receipts","match_type":0,"action":"URL","enabled":1}"""), upstream),
            upstream.ToJsonString());

        // A second flow on the account shares the rule.
        await Subscribe(statuses: "all");
        Assert.Single(_sandbox.ClickSend.ReceiptRules);
        Assert.Single(_sandbox.Journal.For("ClickSend", "POST", "/automations/sms/receipts"));
    }

    [Fact]
    public async Task Two_flows_on_one_account_each_get_every_receipt_once()
    {
        await using var second = await CallbackServer.StartAsync();
        var first = await Subscribe();
        var other = await Subscribe(second.Url);

        await SendSms("+61411111111");
        await SendSms("+6141111" + ClickSendSandbox.FailingSuffix);

        await Eventually(() => _callback.Received.Count == 2 && second.Received.Count == 2);
        await Task.Delay(700);
        foreach (var received in new[] { _callback.Received, second.Received })
        {
            Assert.Equal(["delivered", "failed"], received.Select(p => (string)p["status"]!).Order(StringComparer.Ordinal));
            Assert.All(received, p => Assert.True((bool)p["final"]!));
        }

        Assert.Equal(2, (await Stored(first)).Count);
        Assert.Equal(2, (await Stored(other)).Count);
    }

    [Theory]
    [InlineData("json", "\"201\"")]
    [InlineData("json", "201")]
    [InlineData("form", "\"201\"")]
    [InlineData("form", "201")]
    public async Task A_receipt_pushed_twice_as_json_or_form_with_a_text_or_number_code_reaches_the_flow_once(string format, string code)
    {
        var id = await Subscribe();
        var receipt = $$"""
            {"format":"{{format}}","message_id":"D6D16B28-46AC-484A-AB0A-A08CD08EF75C","status_code":{{code}},"status_text":"Success: Message received on handset.",
             "timestamp_send":1722565661,"timestamp":1722565700,"custom_string":"order-1042"}
            """;
        Assert.Equal(1, await Push(receipt));
        Assert.Equal(1, await Push(receipt));

        await Eventually(() => !_callback.Received.IsEmpty);
        await Task.Delay(700);
        var payload = Assert.Single(_callback.Received);
        Assert.Equal("D6D16B28-46AC-484A-AB0A-A08CD08EF75C", (string?)payload["message_id"]);
        Assert.Equal(("delivered", true, "201", "Success: Message received on handset."),
            ((string?)payload["status"], (bool)payload["final"]!, (string?)payload["provider_status_code"], (string?)payload["status_reason"]));
        Assert.Equal("2024-08-02T02:27:41+00:00", (string?)payload["sent_at"]);
        Assert.Equal("2024-08-02T02:28:20+00:00", (string?)payload["status_at"]);
        Assert.Equal("order-1042", (string?)payload["custom_string"]);
        Assert.Equal("receipt", (string?)payload["source"]);
        Assert.Single(await Stored(id));
    }

    [Fact]
    public async Task Each_flow_gets_what_its_filter_asks_for_and_a_temporary_failure_is_not_final()
    {
        await using var failures = await CallbackServer.StartAsync();
        await using var orders = await CallbackServer.StartAsync();
        await using var everything = await CallbackServer.StartAsync();
        await Subscribe();
        await Subscribe(failures.Url, statuses: "failed");
        await Subscribe(orders.Url, customString: "order-7");
        await Subscribe(everything.Url, statuses: "all");

        await SendSms("+6141111" + ClickSendSandbox.TemporaryFailureSuffix);
        Assert.Equal(1, await Push("""{"message_id":"M-7","status_code":"201","custom_string":"order-7","timestamp":1722565700}"""));
        Assert.Equal(1, await Push("""{"message_id":"M-8","status_code":"301","custom_string":"x","timestamp":1722565700,"error_code":"8","error_text":"Unknown subscriber"}"""));

        await Eventually(() => everything.Received.Count == 4 && _callback.Received.Count == 3);
        await Task.Delay(700);
        Assert.Equal(["201", "201", "300", "301"], everything.Received.Select(p => (string)p["provider_status_code"]!).Order(StringComparer.Ordinal));
        var temporary = everything.Received.Single(p => (string?)p["provider_status_code"] == "300");
        Assert.Equal(("sent", false), ((string?)temporary["status"], (bool)temporary["final"]!));
        Assert.Equal(3, _callback.Received.Count);
        var failed = Assert.Single(failures.Received);
        Assert.Equal(("M-8", "failed", "8", "Unknown subscriber"),
            ((string?)failed["message_id"], (string?)failed["status"], (string?)failed["error_code"], (string?)failed["error_text"]));
        Assert.Equal("M-7", (string?)Assert.Single(orders.Received)["message_id"]);
    }

    [Fact]
    public async Task Deleting_one_flows_subscription_keeps_the_others_and_the_last_removes_the_rule()
    {
        await using var second = await CallbackServer.StartAsync();
        var first = await Subscribe();
        var other = await Subscribe(second.Url);
        var rule = (long)Assert.Single(_sandbox.ClickSend.ReceiptRules)["receipt_rule_id"]!;

        var deleted = await (await Call(HttpMethod.Delete, $"api/clicksend/automations/sms/receipts/{first}")).ReadJson();
        Assert.Equal((true, false), ((bool)deleted["deleted"]!, (bool)deleted["rule_deleted"]!));
        Assert.Single(_sandbox.ClickSend.ReceiptRules);

        Assert.Equal(1, await Push("""{"message_id":"M-1","status_code":201,"timestamp":1722565700}"""));
        await Eventually(() => second.Received.Count == 1);
        await Task.Delay(500);
        Assert.Empty(_callback.Received);

        var last = await (await Call(HttpMethod.Delete, $"api/clicksend/automations/sms/receipts/{other}")).ReadJson();
        Assert.Equal((true, true), ((bool)last["deleted"]!, (bool)last["rule_deleted"]!));
        Assert.Empty(_sandbox.ClickSend.ReceiptRules);
        Assert.Single(_sandbox.Journal.For("ClickSend", "DELETE", $"/automations/sms/receipts/{rule}"));

        // Deleting again succeeds; a new subscription creates the account's rule again.
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Delete, $"api/clicksend/automations/sms/receipts/{other}")).StatusCode);
        await Subscribe();
        Assert.Single(_sandbox.ClickSend.ReceiptRules);
    }

    [Fact]
    public async Task Another_accounts_credentials_do_not_end_a_subscription()
    {
        var id = await Subscribe();
        var request = new HttpRequestMessage(HttpMethod.Delete, $"api/clicksend/automations/sms/receipts/{id}");
        request.Headers.Authorization = Http.Basic("another-account", "another-key");
        var answer = await (await _app.Client.SendAsync(request)).ReadJson();
        Assert.False((bool)answer["rule_deleted"]!);

        Assert.Single(_sandbox.ClickSend.ReceiptRules);
        Assert.Equal(1, await Push("""{"message_id":"M-9","status_code":"201"}"""));
        await Eventually(() => _callback.Received.Count == 1);
        Assert.Single(await Stored(id));
    }

    [Fact]
    public async Task A_rule_deleted_in_ClickSends_dashboard_is_created_again_by_the_next_subscription()
    {
        await Subscribe();
        var rule = (long)Assert.Single(_sandbox.ClickSend.ReceiptRules)["receipt_rule_id"]!;
        using var http = new HttpClient { BaseAddress = new Uri(_sandbox.ClickSendBaseUrl) };
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"automations/sms/receipts/{rule}");
        delete.Headers.Authorization = Http.Basic(_username, "sandbox-api-key");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(delete)).StatusCode);

        await Subscribe();
        Assert.NotEqual(rule, (long)Assert.Single(_sandbox.ClickSend.ReceiptRules)["receipt_rule_id"]!);
        Assert.Equal(1, await Push("""{"message_id":"M-2","status_code":201}"""));
        await Eventually(() => _callback.Received.Count == 2);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task A_wrong_or_missing_secret_is_a_404_and_stores_nothing(string secret)
    {
        var id = await Subscribe();
        var receiver = (string)Assert.Single(_sandbox.ClickSend.ReceiptRules)["action_address"]!;
        using var http = new HttpClient();
        var forged = receiver.Split('?')[0] + (secret.Length > 0 ? "?secret=" + secret : "");
        await (await http.PostAsync(forged, Http.Json("""{"message_id":"M-3","status_code":"201"}"""))).AssertProblem(404);
        var unknown = receiver.Split('?')[0][..^32] + new string('a', 32) + "?" + receiver.Split('?')[1];
        await (await http.PostAsync(unknown, Http.Json("""{"message_id":"M-3","status_code":"201"}"""))).AssertProblem(404);

        Assert.Empty(await Stored(id));
        await Task.Delay(300);
        Assert.Empty(_callback.Received);
    }

    [Fact]
    public async Task A_push_that_is_not_a_receipt_is_a_400_naming_what_is_missing()
    {
        await Subscribe();
        var receiver = (string)Assert.Single(_sandbox.ClickSend.ReceiptRules)["action_address"]!;
        using var http = new HttpClient();
        await (await http.PostAsync(receiver, Http.Json("""{"status_code":"201"}"""))).AssertValidationProblem("message_id");
        await (await http.PostAsync(receiver, Http.Json("""{"message_id":"M-4"}"""))).AssertValidationProblem("status_code");
        await (await http.PostAsync(receiver, Http.Json("[1]"))).AssertValidationProblem("body");
        await (await http.PostAsync(receiver, new FormUrlEncodedContent([KeyValuePair.Create("message_id", "M-4")]))).AssertValidationProblem("status_code");
    }

    [Fact]
    public async Task A_receipt_the_flow_never_takes_is_dead_lettered_and_listed()
    {
        var id = await Subscribe();
        _callback.AnswerNext(500, 500, 500);
        Assert.Equal(1, await Push("""{"message_id":"M-5","status_code":"301","timestamp":1722565700}"""));

        await Eventually(() => _callback.Calls == 3);
        await Task.Delay(500);
        var dead = await Call(HttpMethod.Get, $"api/clicksend/automations/sms/receipts/{id}/dead-letters");
        Assert.Equal(HttpStatusCode.OK, dead.StatusCode);
        var letter = Assert.Single((await dead.ReadJson()).AsArray())!;
        Assert.Equal((3, "callback answered 500", "M-5", "failed"),
            ((int)letter["attempts"]!, (string?)letter["last_error"], (string?)letter["payload"]!["message_id"], (string?)letter["payload"]!["status"]));

        await (await Call(HttpMethod.Get, $"api/clicksend/automations/sms/receipts/{new string('b', 32)}/dead-letters")).AssertProblem(404);
        await (await Call(HttpMethod.Get, "api/clicksend/automations/sms/receipts/nope/dead-letters")).AssertValidationProblem("subscription_id");
    }

    [Fact]
    public async Task A_bad_subscription_is_a_400_naming_the_field()
    {
        await (await Call(HttpMethod.Post, "api/clicksend/automations/sms/receipts", $$"""{"action_address":"{{_callback.Url}}","statuses":"some"}"""))
            .AssertValidationProblem("statuses");
        await (await Call(HttpMethod.Post, "api/clicksend/automations/sms/receipts", """{"statuses":"final"}""")).AssertValidationProblem("action_address");
        Assert.Empty(_sandbox.ClickSend.ReceiptRules);
    }
}
