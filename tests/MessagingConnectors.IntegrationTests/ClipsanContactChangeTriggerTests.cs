using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using MessagingConnectors.Webhooks;
using static MessagingConnectors.IntegrationTests.Infrastructure.Waits;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class ClipsanContactChangeTriggerTests(Azurite azurite) : IAsyncLifetime
{
    /// <summary>One Clipsan account per test: the account's receiver and subscriptions outlive a test in the shared Azurite.</summary>
    private readonly string _key = "clipsan-trigger-test-" + Guid.NewGuid().ToString("N");
    private SandboxServer _sandbox = null!;
    private CallbackServer _callback = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        _sandbox.Clipsan.Key = _key;
        _callback = await CallbackServer.StartAsync();
        _app = await TestApp.StartAsync(Settings());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _callback.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    /// <summary>The tests call from loopback, so loopback stands in for Clipsan's server unless a test says otherwise.</summary>
    private Dictionary<string, string?> Settings(string callers = "127.0.0.1, ::1") => new(TestApp.Settings(azurite, _sandbox))
    {
        ["Webhooks:AllowLoopbackCallbacks"] = "true",
        ["Webhooks:BaseDelaySeconds"] = "0.1",
        ["Webhooks:SweepSeconds"] = "0.2",
        ["Webhooks:MaxAttempts"] = "4",
        ["Clipsan:NotificationCallers"] = callers,
    };

    private async Task<HttpResponseMessage> Subscribe(string json, string? key = "", TestApp? app = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clipsan/notifications/subscriptions") { Content = Http.Json(json) };
        if (key is not null)
        {
            request.Headers.Add("X-Clipsan-Key", key.Length == 0 ? _key : key);
        }

        return await (app ?? _app).Client.SendAsync(request);
    }

    /// <summary>Subscribes a flow and registers the answered URL in the sandbox's Clipsan account, as its owner would.</summary>
    private async Task<(string SubscriptionId, string NotificationUrl)> SubscribeAndRegister(string? callbackUrl = null, bool enrich = false, TestApp? app = null)
    {
        var response = await Subscribe($$"""{"callback_url":"{{callbackUrl ?? _callback.Url}}","enrich":{{(enrich ? "true" : "false")}}}""", app: app);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJson();
        _sandbox.Clipsan.NotificationUrl = (string)body["notification_url"]!;
        return ((string)body["subscription_id"]!, _sandbox.Clipsan.NotificationUrl);
    }

    private Task<IReadOnlyList<InboundMessage>> Stored(string subscriptionId) =>
        _app.Services.GetRequiredService<InboundMessageStore>().AllAsync(subscriptionId, CancellationToken.None);

    [Fact]
    public async Task Subscribe_answers_201_with_the_unsubscribe_location_and_the_exact_url_to_paste_into_Clipsan()
    {
        var response = await Subscribe($$"""{"callback_url":"{{_callback.Url}}"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJson();
        var id = (string)body["subscription_id"]!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(new Uri(_app.BaseAddress, $"api/clipsan/notifications/subscriptions/{id}"), response.Headers.Location);
        var url = (string)body["notification_url"]!;
        var secret = (string)body["secret"]!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", secret);
        Assert.Matches($"^{_app.BaseAddress}api/clipsan/notifications/[0-9a-f]{{32}}\\?secret={secret}&id=\\{{id\\}}&email=\\{{email\\}}&pin=\\{{pin\\}}&time=\\{{time\\}}$", url);
        Assert.Contains(url, (string)body["instructions"]!, StringComparison.Ordinal);
        Assert.False((bool)body["enrich"]!);
        Assert.DoesNotContain(_callback.Url, url, StringComparison.Ordinal);
        Assert.Empty(_sandbox.Journal.Requests);

        // The same account always gets the same URL: a second flow, the action, a restarted app.
        var second = await (await Subscribe($$"""{"callback_url":"{{_callback.Url}}","enrich":true}""")).ReadJson();
        Assert.Equal(url, (string)second["notification_url"]!);
        Assert.NotEqual(id, (string)second["subscription_id"]!);
        var action = new HttpRequestMessage(HttpMethod.Get, "api/clipsan/notification-url");
        action.Headers.Add("X-Clipsan-Key", _key);
        var shown = await (await _app.Client.SendAsync(action)).ReadJson();
        Assert.Equal(url, (string)shown["notification_url"]!);
        Assert.Equal(secret, (string)shown["secret"]!);

        // Another key is another account with another URL.
        var other = await (await Subscribe($$"""{"callback_url":"{{_callback.Url}}"}""", key: "another-clipsan-key")).ReadJson();
        Assert.NotEqual(url.Split('?')[0], ((string)other["notification_url"]!).Split('?')[0]);
        Assert.NotEqual(secret, (string)other["secret"]!);
    }

    [Fact]
    public async Task A_change_reaches_the_flow_once_with_what_Clipsan_sent()
    {
        await SubscribeAndRegister();
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(105019, "1700000000"));

        await Eventually(() => _callback.Received.Count == 1);
        await Task.Delay(500);
        var payload = Assert.Single(_callback.Received);
        Assert.Equal("105019", (string?)payload["id"]);
        Assert.Equal("521223115", (string?)payload["pin"]);
        Assert.Null(payload["email"]);
        Assert.Equal("1700000000", (string?)payload["time"]);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse((string)payload["received_at"]!, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
        Assert.Null(payload["lead"]);
        Assert.Empty(_sandbox.Journal.Requests);
    }

    [Fact]
    public async Task The_same_notice_twice_reaches_the_flow_once_but_an_email_change_is_two_notices()
    {
        await SubscribeAndRegister();
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(455554, "1700000001"));
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(455554, "1700000001"));
        await Eventually(() => !_callback.Received.IsEmpty);
        await Task.Delay(700);
        Assert.Single(_callback.Received);

        // Clipsan calls twice for an email change, with the old and the new address (and the same time).
        Assert.All(await _sandbox.Clipsan.ChangeEmailAsync(455554, "radek@example.cz"), status => Assert.Equal(HttpStatusCode.OK, status));
        await Eventually(() => _callback.Received.Count == 3);
        var emails = _callback.Received.Skip(1).Select(p => (string?)p["email"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["radek@example.cz", "radekxxx@gmail.com"], emails);
    }

    [Fact]
    public async Task Two_flows_on_one_account_both_get_each_change()
    {
        await using var second = await CallbackServer.StartAsync();
        var (first, url) = await SubscribeAndRegister();
        var (other, sameUrl) = await SubscribeAndRegister(second.Url);
        Assert.Equal(url, sameUrl);

        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(455554, "1700000002"));
        await Eventually(() => _callback.Received.Count == 1 && second.Received.Count == 1);
        Assert.Equal("455554", (string?)_callback.Received.Single()["id"]);
        Assert.Equal("455554", (string?)second.Received.Single()["id"]);
        Assert.Single(await Stored(first));
        Assert.Single(await Stored(other));
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task A_wrong_or_missing_secret_is_a_404_and_stores_nothing(string secret)
    {
        var (id, url) = await SubscribeAndRegister();
        var rest = url.Split('?')[1].Split('&').Skip(1).ToList();
        if (secret.Length > 0)
        {
            rest.Insert(0, "secret=" + secret);
        }

        var forged = url.Split('?')[0] + "?" + string.Join('&', rest);
        var response = await new HttpClient().GetAsync(SandboxClipsan(forged, "455554", "1700000003"));
        await response.AssertProblem(404);

        var unknown = url.Split('?')[0][..^32] + new string('a', 32) + "?" + url.Split('?')[1];
        await (await new HttpClient().GetAsync(SandboxClipsan(unknown, "455554", "1700000003"))).AssertProblem(404);

        Assert.Empty(await Stored(id));
        await Task.Delay(300);
        Assert.Empty(_callback.Received);
    }

    private static string SandboxClipsan(string url, string id, string time) =>
        Sandbox.Clipsan.ClipsanSandbox.FillPlaceholders(url, id, "radekxxx@gmail.com", null, time);

    [Fact]
    public async Task A_call_from_an_address_that_is_not_Clipsans_is_a_404_and_stores_nothing()
    {
        await _app.DisposeAsync();
        _app = await TestApp.StartAsync(Settings(callers: "109.123.222.193"));
        var (id, _) = await SubscribeAndRegister();

        Assert.Equal(HttpStatusCode.NotFound, await _sandbox.Clipsan.NotifyAsync(455554, "1700000004"));
        Assert.Empty(await Stored(id));
        await Task.Delay(300);
        Assert.Empty(_callback.Received);
        Assert.Contains(_app.Logs.Lines, line => line.Contains("Refused a Clipsan notification from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_last_forwarded_address_is_the_caller()
    {
        await _app.DisposeAsync();
        _app = await TestApp.StartAsync(new Dictionary<string, string?>(Settings(callers: "109.123.222.193")) { ["Clipsan:TrustForwardedFor"] = "true" });
        var (id, url) = await SubscribeAndRegister();

        async Task<HttpStatusCode> Call(string forwardedFor, string time)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, SandboxClipsan(url, "455554", time));
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return (await new HttpClient().SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, await Call("109.123.222.193, 203.0.113.9", "1"));
        Assert.Equal(HttpStatusCode.NotFound, await Call("203.0.113.9:4711", "2"));
        Assert.Equal(HttpStatusCode.OK, await Call("203.0.113.9, 109.123.222.193:50123", "3"));
        Assert.Equal(HttpStatusCode.NotFound, (await new HttpClient().GetAsync(SandboxClipsan(url, "455554", "4"))).StatusCode);
        var stored = Assert.Single(await Stored(id));
        Assert.Contains("\"time\":\"3\"", stored.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_lead_details_the_flow_gets_the_lead_as_Clipsan_has_it_now()
    {
        await using var plainFlow = await CallbackServer.StartAsync();
        await SubscribeAndRegister(enrich: true);
        await SubscribeAndRegister(plainFlow.Url);
        _sandbox.Journal.Clear();

        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(455554, "1700000005"));
        await Eventually(() => _callback.Received.Count == 1 && plainFlow.Received.Count == 1);

        var upstream = Assert.Single(_sandbox.Journal.Requests);
        Assert.Equal("/clipsan/api/lead/view/", upstream.Path);
        Assert.Equal($"?key={_key}&id=455554", upstream.QueryString);
        var lead = _callback.Received.Single()["lead"]!;
        Assert.Equal("455554", (string?)lead["id"]);
        Assert.Equal("Radek", (string?)lead["firstname"]);
        Assert.Equal(["news123"], lead["lists"]!.AsArray().Select(l => (string?)l).ToList());
        Assert.Null(plainFlow.Received.Single()["lead"]);

        // A lead Clipsan no longer has: the change still arrives, saying why the details are missing.
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync("999999", "gone@example.cz", null, "1700000006"));
        await Eventually(() => _callback.Received.Count == 2);
        var gone = _callback.Received.Last();
        Assert.Null(gone["lead"]);
        Assert.Equal("lead not found", (string?)gone["lead_error"]);
    }

    [Fact]
    public async Task Unsubscribe_is_idempotent_and_later_changes_reach_no_flow()
    {
        var (id, _) = await SubscribeAndRegister();
        var delete = () => _app.Client.DeleteAsync($"api/clipsan/notifications/subscriptions/{id}");

        var first = await delete();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((bool)(await first.ReadJson())["deleted"]!);
        Assert.Equal(HttpStatusCode.OK, (await delete()).StatusCode);
        Assert.Null(await _app.Services.GetRequiredService<SubscriptionStore>().FindByReceiverAsync("clipsan", id, CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(455554, "1700000007"));
        Assert.Empty(await Stored(id));
        await Task.Delay(300);
        Assert.Empty(_callback.Received);

        await (await _app.Client.DeleteAsync("api/clipsan/notifications/subscriptions/not-an-id")).AssertValidationProblem("subscription_id");
    }

    [Fact]
    public async Task Unsubscribing_stops_every_retry_at_once_and_says_how_many_changes_were_discarded()
    {
        var (id, _) = await SubscribeAndRegister();
        _callback.AnswerNext(Enumerable.Repeat(500, 20).ToArray());
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(455554, "1700000101"));
        await Eventually(() => _callback.Calls >= 1);

        var result = await (await _app.Client.DeleteAsync($"api/clipsan/notifications/subscriptions/{id}")).ReadJson();
        var callsWhenDeleted = _callback.Calls;

        Assert.Equal(1, (int)result["discarded_count"]!);
        Assert.Empty(await Stored(id));
        await Task.Delay(2500);
        Assert.Equal(callsWhenDeleted, _callback.Calls);
    }

    [Fact]
    public async Task Neither_the_birth_number_nor_the_key_nor_the_secret_appears_in_any_log_line()
    {
        const string pin = "7360285163";
        var (_, url) = await SubscribeAndRegister(enrich: true);
        var secret = url.Split("?secret=")[1].Split('&')[0];

        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync("105019", null, pin, "1700000008"));
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync("105019", null, pin, "1700000008"));
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(null, null, pin, "1700000009"));
        _sandbox.Faults.Set("Clipsan", new Fault(FaultKind.Status, Status: 500, Count: 3));
        Assert.Equal(HttpStatusCode.OK, await _sandbox.Clipsan.NotifyAsync(null, null, pin, "1700000010"));
        await (await new HttpClient().GetAsync(SandboxClipsan(url.Replace(secret, "wrong", StringComparison.Ordinal), "1", "1").Replace("pin=", "pin=" + pin, StringComparison.Ordinal))).AssertProblem(404);
        await (await new HttpClient().GetAsync(SandboxClipsan(url, "x", "1").Replace("pin=", "pin=" + pin, StringComparison.Ordinal))).AssertValidationProblem("id");
        await Eventually(() => _callback.Received.Count == 3);
        Assert.All(_callback.Received, payload => Assert.Equal(pin, (string?)payload["pin"]));
        Assert.Contains(_sandbox.Journal.Requests, r => r.QueryString.Contains($"pin={pin}", StringComparison.Ordinal));

        var lines = _app.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("/api/clipsan/notifications/", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("stored for 1 of 1 subscriptions", StringComparison.Ordinal));
        foreach (var value in new[] { pin, _key, secret })
        {
            var leak = lines.FirstOrDefault(line => line.Contains(value, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line holds {value}: {leak}");
        }
    }

    [Theory]
    [InlineData("""{"callback_url":"https://10.0.0.5/hook"}""", "callback_url")]
    [InlineData("""{"callback_url":"not a url"}""", "callback_url")]
    [InlineData("""{"enrich":true}""", "callback_url")]
    [InlineData("""{"callback_url":"http://127.0.0.1/x","extra":1}""", "extra")]
    public async Task Subscribe_refuses_bad_callbacks(string json, string field)
    {
        await (await Subscribe(json)).AssertValidationProblem(field);
        Assert.Empty(_sandbox.Journal.Requests);
    }

    [Fact]
    public async Task Subscribe_without_a_key_is_a_401()
    {
        await (await Subscribe($$"""{"callback_url":"{{_callback.Url}}"}""", key: null)).AssertProblem(401);
    }

    [Fact]
    public async Task The_trigger_is_declared_in_the_openapi_document()
    {
        var document = await (await _app.Client.GetAsync("api/swagger.json")).ReadJson();
        var path = document["paths"]!["/clipsan/notifications/subscriptions"]!;
        Assert.Equal("ClipsanContactChanged", (string?)path["post"]!["operationId"]);
        Assert.Equal("single", (string?)path["post"]!["x-ms-trigger"]);
        Assert.Contains("Clipsan", (string?)path["post"]!["x-ms-trigger-hint"], StringComparison.Ordinal);
        Assert.NotNull(path["post"]!["responses"]!["201"]!["headers"]!["Location"]);
        Assert.Equal("#/definitions/ClipsanContactChange", (string?)path["x-ms-notification-content"]!["schema"]!["$ref"]);
        Assert.Equal("Birth Number", (string?)document["definitions"]!["ClipsanContactChange"]!["properties"]!["pin"]!["x-ms-summary"]);
        var body = document["definitions"]!["ClipsanContactChangedRequest"]!["properties"]!["callback_url"]!;
        Assert.True((bool)body["x-ms-notification-url"]!);
        Assert.Equal("internal", (string?)body["x-ms-visibility"]);
        Assert.Equal("DeleteClipsanContactChanged", (string?)document["paths"]!["/clipsan/notifications/subscriptions/{subscription_id}"]!["delete"]!["operationId"]);
        Assert.Equal("ClipsanGetNotificationUrl", (string?)document["paths"]!["/clipsan/notification-url"]!["get"]!["operationId"]);
        Assert.Null(document["paths"]!["/clipsan/notifications/{receiver_id}"]);
    }
}
