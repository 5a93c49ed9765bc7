using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.IntegrationTests.Reliability;
using MessagingConnectors.Media;
using MessagingConnectors.Sandbox;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The deployable package under Microsoft's Functions host, as Azure runs it, with its own Azurite, the sandboxes and a
/// flow's callback server: started once for the class (the host takes seconds to start).
/// </summary>
public sealed class RealFunctionsHostFixture : IAsyncLifetime
{
    public Azurite Azurite { get; } = new();
    public SandboxServer Sandbox { get; private set; } = null!;
    public CallbackServer Callback { get; private set; } = null!;
    public RealFunctionsHost Host { get; private set; } = null!;
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.StartAsync();
        Sandbox = await SandboxServer.StartAsync();
        Callback = await CallbackServer.StartAsync();
        Settings = new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["Webhooks:AllowLoopbackCallbacks"] = "true",
            // Delivery is the timer functions' work here, as on a plan where nothing runs between invocations.
            ["Webhooks:BackgroundDelivery"] = "false",
            ["Webhooks:BaseDelaySeconds"] = "0.1",
            ["Clipsan:Key"] = "sandbox-clipsan-key",
            ["Clipsan:NotificationCallers"] = "127.0.0.1",
        };
        Host = await RealFunctionsHost.StartAsync(Settings);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Callback.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[Collection(IntegrationGroup.Name)]
public sealed class RealFunctionsHostTests(RealFunctionsHostFixture fixture, ITestOutputHelper output) : IClassFixture<RealFunctionsHostFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.Host.KeyedClient();
    private SandboxServer Sandbox => fixture.Sandbox;
    private RealFunctionsHost Host => fixture.Host;

    public void Dispose()
    {
        _client.Dispose();
        Sandbox.Journal.Clear();
        Sandbox.Faults.Clear();
        // A failing test shows what the host and the worker said last.
        foreach (var line in Host.Logs.TakeLast(60))
        {
            output.WriteLine(line);
        }
    }

    private static HttpRequestMessage SendSms(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send")
        {
            Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"through the Functions host"}]}"""),
        };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>One poll of a SerwerSMS polling trigger, as Power Automate makes it.</summary>
    private async Task<HttpResponseMessage> Poll(string location)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, location);
        request.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
        return await _client.SendAsync(request);
    }

    private static bool IsHostRefusal(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized && response.Content.Headers.ContentLength is null or 0;

    [Fact]
    public async Task Every_function_answers_with_the_function_key_and_without_it_only_the_anonymous_ones_run()
    {
        using var keyless = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var functions = PackageTests.EndpointTable().Where(f => !f.IsTimer).ToList();
        var anonymous = new List<string>();
        foreach (var function in functions)
        {
            var path = "api/" + System.Text.RegularExpressions.Regex.Replace(function.Route!, @"\{\*?([^}:]+)(:[^}]+)?\}", "1");
            var method = new HttpMethod(function.Methods[0].ToUpperInvariant());

            var before = Host.Executions.Count(e => e.Function == function.Name);
            var withoutKey = await keyless.SendAsync(new HttpRequestMessage(method, path));
            if (function.AuthLevel == "anonymous")
            {
                anonymous.Add(function.Name);
                Assert.False(IsHostRefusal(withoutKey), $"{function.Name} is anonymous but the host refused it without a key");
                await Waits.Eventually(() => Host.Executions.Count(e => e.Function == function.Name) > before, $"{function.Name} ran without a key");
            }
            else
            {
                Assert.True(IsHostRefusal(withoutKey), $"{function.Name} without a key: {(int)withoutKey.StatusCode}");
            }

            before = Host.Executions.Count(e => e.Function == function.Name);
            var withKey = await _client.SendAsync(new HttpRequestMessage(method, path));
            Assert.False(IsHostRefusal(withKey), $"{function.Name} refused with the function key");
            Assert.NotEqual(HttpStatusCode.InternalServerError, withKey.StatusCode);
            await Waits.Eventually(() => Host.Executions.Count(e => e.Function == function.Name) > before, $"{function.Name} ran with the key");
        }

        // The receivers providers call and the documents stay open; everything else needs the key.
        Assert.Contains("ReceiveClickSendInboundSms", anonymous);
        Assert.Contains("ReceiveClipsanContactChange", anonymous);
        Assert.Contains("GetSwaggerDocument", anonymous);
        Assert.All(Host.Executions, e => Assert.True(e.Succeeded, e.Function + " failed in the host"));
        output.WriteLine($"{functions.Count} HTTP functions, {anonymous.Count} anonymous: {string.Join(", ", anonymous)}");
    }

    [Fact]
    public async Task Send_sms_answers_200_and_its_replay_is_the_same_answer_with_Idempotent_Replayed_and_one_upstream_send()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _client.SendAsync(SendSms(key));
        var second = await _client.SendAsync(SendSms(key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var body = await first.ReadJson();
        Assert.Equal(1, (int)body["accepted_count"]!);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(body.ToJsonString(), (await second.ReadJson()).ToJsonString());
        Assert.Single(Sandbox.Journal.For("ClickSend", "POST", "/sms/send"));
    }

    [Fact]
    public async Task A_validation_problem_is_the_same_body_as_the_standalone_app_answers()
    {
        await using var standalone = await TestApp.StartAsync(new Dictionary<string, string?>(fixture.Settings));
        const string Bad = """{"messages":[{"to":"not a number","body":""}]}""";

        var throughHost = await _client.PostAsync("api/clicksend/sms/send", Http.Json(Bad));
        var onKestrel = await standalone.Client.PostAsync("api/clicksend/sms/send", Http.Json(Bad));

        var hostProblem = await throughHost.AssertProblem(400);
        var kestrelProblem = await onKestrel.AssertProblem(400);
        Assert.Equal("application/problem+json", throughHost.Content.Headers.ContentType?.MediaType);
        // The trace id is per request; everything else is the same to the byte.
        Assert.True(hostProblem.Remove("traceId"));
        Assert.True(kestrelProblem.Remove("traceId"));
        Assert.Equal(kestrelProblem.ToJsonString(), hostProblem.ToJsonString());
        Assert.True(hostProblem["errors"]!.AsObject().ContainsKey("messages[0].to"), hostProblem.ToJsonString());
        Assert.Empty(Sandbox.Journal.Requests);
    }

    public static TheoryData<string> Purposes() => [.. MediaPurpose.Names];

    /// <summary>
    /// The largest file each purpose takes, as multipart, as a raw body and as base64 JSON: the host's own request limits
    /// (100 MB by default) let the largest through, and one byte more is the app's 413, not the host's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Purposes))]
    public async Task The_largest_file_a_purpose_allows_uploads_in_each_form_and_one_byte_more_is_a_413(string purposeName)
    {
        var purpose = MediaPurpose.Find(purposeName)!;
        var (contentType, fileName) = purpose.Accepts(FileTypes.Pdf) ? ("application/pdf", "largest.pdf")
            : purpose.Accepts(FileTypes.Jpeg) ? ("image/jpeg", "largest.jpg") : ("text/plain", "largest.txt");
        byte[] File(long size) => contentType switch
        {
            "application/pdf" => MediaTests.Pdf((int)size),
            "image/jpeg" => MediaTests.Jpeg((int)size),
            _ => Encoding.ASCII.GetBytes(new string('a', (int)size)),
        };

        var largest = File(purpose.MaxBytes);
        foreach (var form in new[] { "multipart", "raw", "json" })
        {
            var response = await Upload(form, largest);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{purposeName} as {form}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(purpose.MaxBytes, (long)(await response.ReadJson())["size"]!);
            Assert.StartsWith("/api/media/media_", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        var tooLarge = await Upload("raw", File(purpose.MaxBytes + 1));
        var problem = await tooLarge.AssertProblem(413);
        Assert.Contains(purpose.MaxBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), (string?)problem["detail"], StringComparison.Ordinal);

        async Task<HttpResponseMessage> Upload(string form, byte[] file)
        {
            var query = $"api/media?purpose={purposeName}";
            HttpContent content;
            switch (form)
            {
                case "multipart":
                    var part = new ByteArrayContent(file);
                    part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                    content = new MultipartFormDataContent { { part, "file", fileName } };
                    break;
                case "raw":
                    content = new ByteArrayContent(file);
                    content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                    query += "&file_name=" + fileName;
                    break;
                default:
                    content = Http.Json($$"""{"file_name":"{{fileName}}","content_type":"{{contentType}}","content":"{{Convert.ToBase64String(file)}}"}""");
                    break;
            }

            return await _client.PostAsync(query, content);
        }
    }

    [Fact]
    public async Task An_inbound_SMS_goes_from_the_anonymous_receiver_to_the_flow_and_a_failed_delivery_is_retried_by_the_timer()
    {
        var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound")
        {
            Content = Http.Json($$"""{"action_address":"{{fixture.Callback.Url}}"}"""),
        };
        subscribe.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        var subscribed = await _client.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var ruleId = (long)(await subscribed.ReadJson())["inbound_rule_id"]!;
        // The unsubscribe address is the host's, where the platform calls, not the worker's own.
        Assert.Equal(new Uri(Host.BaseAddress, $"api/clicksend/automations/sms/inbound/{ruleId}"), subscribed.Headers.Location);
        var receiver = (string)Sandbox.ClickSend.InboundRules.Single(r => (long)r["inbound_rule_id"]! == ruleId)["action_address"]!;
        Assert.StartsWith(Host.BaseAddress.ToString(), receiver, StringComparison.Ordinal);

        var before = fixture.Callback.Received.Count;
        fixture.Callback.AnswerNext(503);
        Assert.Equal(1, await Sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Through the host", "MSG-HOST-" + Guid.NewGuid().ToString("N")));

        // The first attempt fails (503 from the flow); a later run of the timer function delivers it.
        Assert.True(await Host.RunTimerAsync("DeliverInboundMessages"));
        Assert.Equal(before, fixture.Callback.Received.Count);
        await Task.Delay(300);
        Assert.True(await Host.RunTimerAsync("DeliverInboundMessages"));
        await Waits.Eventually(() => fixture.Callback.Received.Count == before + 1, "the flow got the message");
        Assert.Equal("Through the host", (string?)fixture.Callback.Received.Last()["body"]);
        Assert.Contains(Host.Logs, line => line.Contains("DeliverInboundMessages: delivered 1", StringComparison.Ordinal));

        var unsubscribe = new HttpRequestMessage(HttpMethod.Delete, subscribed.Headers.Location);
        unsubscribe.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(unsubscribe)).StatusCode);
        Assert.DoesNotContain(Sandbox.ClickSend.InboundRules, r => (long)r["inbound_rule_id"]! == ruleId);
    }

    [Fact]
    public async Task A_Clipsan_notification_through_the_host_reaches_the_flow_from_the_forwarded_caller_address()
    {
        var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clipsan/notifications/subscriptions")
        {
            Content = Http.Json($$"""{"callback_url":"{{fixture.Callback.Url}}"}"""),
        };
        subscribe.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        var subscribed = await _client.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var body = await subscribed.ReadJson();
        var notificationUrl = (string)body["notification_url"]!;
        Assert.StartsWith(Host.BaseAddress + "api/clipsan/notifications/", notificationUrl, StringComparison.Ordinal);
        Sandbox.Clipsan.NotificationUrl = notificationUrl;

        var before = fixture.Callback.Received.Count;
        Assert.Equal(HttpStatusCode.OK, await Sandbox.Clipsan.NotifyAsync(105019, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(await Host.RunTimerAsync("DeliverInboundMessages"));

        await Waits.Eventually(() => fixture.Callback.Received.Count == before + 1, "the flow got the change");
        Assert.Equal("105019", (string?)fixture.Callback.Received.Last()["id"]);
        var unsubscribe = new HttpRequestMessage(HttpMethod.Delete, subscribed.Headers.Location);
        unsubscribe.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(unsubscribe)).StatusCode);
    }

    [Fact]
    public async Task The_SerwerSMS_polling_trigger_answers_202_with_Location_and_Retry_After_then_the_new_message()
    {
        var first = await Poll("api/serwersms/messages/received/trigger?type=eco");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True(first.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var next = first.Headers.Location!;
        Assert.StartsWith(Host.BaseAddress + "api/serwersms/messages/received/trigger?", next.ToString(), StringComparison.Ordinal);

        Sandbox.SerwerSms.InjectReceived("eco", "+48500600700", "Przez hosta", DateTimeOffset.UtcNow.AddSeconds(1));
        var second = await Poll(next.ToString());

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Przez hosta", (string?)(await second.ReadJson())[0]!["text"]);
        Assert.NotNull(second.Headers.Location);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_delivery_receipt_goes_from_ClickSend_through_the_anonymous_receiver_to_the_flow_and_the_status_reads_delivered()
    {
        Sandbox.ClickSend.ReceiptDelay = TimeSpan.FromMilliseconds(100);
        Sandbox.ClickSend.ReceiptFormat = "form";
        await using var flow = await CallbackServer.StartAsync();
        var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/receipts")
        {
            Content = Http.Json($$"""{"action_address":"{{flow.Url}}"}"""),
        };
        subscribe.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        var subscribed = await _client.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        Assert.StartsWith(Host.BaseAddress + "api/clicksend/automations/sms/receipts/", subscribed.Headers.Location?.ToString(), StringComparison.Ordinal);

        var sent = await (await _client.SendAsync(SendSms(Guid.NewGuid().ToString()))).ReadJson();
        var messageId = (string)sent["data"]!["messages"]![0]!["message_id"]!;
        // ClickSend pushes the receipt (form-encoded here) to the account's receiver, which has no function key.
        await Waits.Eventually(() => Host.Executions.Any(e => e.Function == "ReceiveClickSendDeliveryReceipt"), "ClickSend pushed the receipt");
        Assert.True(await Host.RunTimerAsync("DeliverInboundMessages"));
        await Waits.Eventually(() => !flow.Received.IsEmpty, "the flow got the receipt");
        var receipt = Assert.Single(flow.Received);
        Assert.Equal(messageId, (string?)receipt["message_id"]);
        Assert.Equal("delivered", (string?)receipt["status"]);

        var status = await (await _client.SendAsync(Keyed(HttpMethod.Get, $"api/clicksend/sms/{messageId}/delivery-status"))).ReadJson();
        Assert.Equal("delivered", (string?)status["status"]);
        Assert.True((bool)status["final"]!);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(Keyed(HttpMethod.Delete, subscribed.Headers.Location!.ToString()))).StatusCode);

        static HttpRequestMessage Keyed(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            return request;
        }
    }

    [Fact]
    public async Task The_SerwerSMS_delivery_report_trigger_starts_from_now_and_delivers_a_report_that_turns_final_later()
    {
        var send = new HttpRequestMessage(HttpMethod.Post, "api/serwersms/messages/send")
        {
            Content = Http.Json("""{"phone":["+48500600701"],"text":"Przez hosta","unique_id":"host-report-1"}"""),
        };
        send.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(send)).StatusCode);

        var first = await Poll("api/serwersms/messages/reports/trigger");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True(first.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.StartsWith(Host.BaseAddress + "api/serwersms/messages/reports/trigger?", first.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The sandbox delivers a message 5 s after it is sent: polls answer 202 until then, then the report.
        var next = first;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); next.StatusCode != HttpStatusCode.OK; await Task.Delay(500))
        {
            Assert.True(DateTime.UtcNow < deadline, "the report did not turn final in 30 s");
            next = await Poll(next.Headers.Location!.ToString());
        }

        var batch = (await next.ReadJson()).AsArray();
        var report = Assert.Single(batch)!;
        Assert.Equal("delivered", (string?)report["status"]);
        Assert.NotNull(next.Headers.Location);
    }

    [Fact]
    public async Task A_provider_429_keeps_its_Retry_After_through_the_host()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 429, RetryAfter: 7));
        var request = new HttpRequestMessage(HttpMethod.Get, "api/clicksend/lists");
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");

        var response = await _client.SendAsync(request);

        await response.AssertProblem(429);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Neither_the_host_nor_the_worker_logs_a_key_credential_or_pin()
    {
        // Credentials of every kind, the function key as header and as query, a provider refusal, a Clipsan pin.
        var lists = new HttpRequestMessage(HttpMethod.Get, $"api/clicksend/lists?code={RealFunctionsHost.FunctionKey}");
        lists.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient { BaseAddress = Host.BaseAddress }.SendAsync(lists)).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "api/serwersms/groups");
        wrong.Headers.Add("X-SerwerSMS-Token", "wrong-token-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(wrong)).StatusCode);
        var lead = new HttpRequestMessage(HttpMethod.Get, "api/clipsan/leads/view?pin=521223115");
        lead.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(lead)).StatusCode);
        Assert.True(await Host.RunTimerAsync("DeleteExpiredMedia"));

        var logs = Host.Logs.Concat(Host.FileLogs()).ToList();
        Assert.Contains(logs, line => line.Contains("Executed 'Functions.ClipsanViewLead'", StringComparison.Ordinal));
        var secrets = new[] { RealFunctionsHost.FunctionKey, RealFunctionsHost.MasterKey };
        Assert.DoesNotContain(logs, line => secrets.Any(s => line.Contains(s, StringComparison.Ordinal)));
        Assert.Empty(SuiteLogs.Leaks(logs));
        output.WriteLine($"{logs.Count} lines of host and worker logs scanned");
    }
}
