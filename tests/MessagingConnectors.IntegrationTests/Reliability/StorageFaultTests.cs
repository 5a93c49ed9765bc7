using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// Azurite stopped mid-run (its own instance, so other tests keep theirs): health says so, keyed sends
/// answer 503 without calling the provider, the inbound receiver answers 503 so ClickSend retries, and
/// when storage returns the retried message is stored and delivered and the send goes through once.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class StorageFaultTests : IAsyncLifetime
{
    private readonly Azurite _azurite = new();
    private SandboxServer _sandbox = null!;
    private CallbackServer _callback = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _sandbox = await SandboxServer.StartAsync();
        _callback = await CallbackServer.StartAsync();
        _app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(_azurite, _sandbox))
        {
            ["Webhooks:AllowLoopbackCallbacks"] = "true",
            ["Webhooks:BaseDelaySeconds"] = "0.1",
            ["Webhooks:SweepSeconds"] = "0.2",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _callback.DisposeAsync();
        await _sandbox.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private Task<HttpResponseMessage> KeyedSend(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send")
        {
            Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"storage test"}]}"""),
        };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("Idempotency-Key", key);
        return _app.Client.SendAsync(request);
    }

    private static string Inbound(string messageId) => $$"""
        {"to":"+61411111111","from":"+61433333333","body":"while storage was down","message":"while storage was down","message_id":"{{messageId}}","timestamp":"1700000000"}
        """;

    [Fact]
    public async Task With_storage_down_health_sends_and_receivers_answer_503_and_nothing_is_lost_when_it_returns()
    {
        var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound")
        {
            Content = Http.Json($$"""{"action_address":"{{_callback.Url}}"}"""),
        };
        subscribe.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        Assert.Equal(HttpStatusCode.Created, (await _app.Client.SendAsync(subscribe)).StatusCode);
        var receiver = (string)_sandbox.ClickSend.InboundRules.Single()["action_address"]!;
        using var clickSend = new HttpClient();

        // Azurite keeps tables in memory and saves them every few seconds; the fixture kills it hard, so let the
        // subscription reach its disk first (real storage acknowledges only durable writes).
        await Task.Delay(TimeSpan.FromSeconds(6));
        await _azurite.StopAsync();
        var watch = Stopwatch.StartNew();
        var health = await _app.Client.GetAsync("api/health");
        var healthSeconds = watch.Elapsed.TotalSeconds;
        await health.AssertProblem(503);

        watch.Restart();
        var send = await KeyedSend("storage-down-1");
        var sendSeconds = watch.Elapsed.TotalSeconds;
        await send.AssertProblem(503);
        Assert.Empty(_sandbox.Journal.For("ClickSend", "POST", "/sms/send"));

        watch.Restart();
        var received = await clickSend.PostAsync(receiver, Http.Json(Inbound("STORAGE-1")));
        var receiveSeconds = watch.Elapsed.TotalSeconds;
        await received.AssertProblem(503);

        await _azurite.StartAsync();
        await Eventually(async () => (await _app.Client.GetAsync("api/health")).StatusCode == HttpStatusCode.OK);

        // ClickSend retries a webhook that did not get a 2xx.
        var retried = await clickSend.PostAsync(receiver, Http.Json(Inbound("STORAGE-1")));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await Eventually(() => Task.FromResult(_callback.Received.Count == 1));
        Assert.Equal("STORAGE-1", (string?)_callback.Received.Single()["message_id"]);

        var sendAfter = await KeyedSend("storage-down-1");
        Assert.Equal(HttpStatusCode.OK, sendAfter.StatusCode);
        var repeat = await KeyedSend("storage-down-1");
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(_sandbox.Journal.For("ClickSend", "POST", "/sms/send"));

        await Task.Delay(500);
        ReliabilityArtifacts.Write("storage.json", new JsonObject
        {
            ["health_while_down"] = (int)health.StatusCode,
            ["health_seconds"] = Math.Round(healthSeconds, 2),
            ["keyed_send_while_down"] = (int)send.StatusCode,
            ["keyed_send_seconds"] = Math.Round(sendSeconds, 2),
            ["upstream_sends_while_down"] = 0,
            ["receiver_while_down"] = (int)received.StatusCode,
            ["receiver_seconds"] = Math.Round(receiveSeconds, 2),
            ["receiver_after_restart"] = (int)retried.StatusCode,
            ["inbound_delivered_after_restart"] = _callback.Received.Count,
            ["keyed_send_after_restart"] = (int)sendAfter.StatusCode,
            ["repeat_replayed"] = true,
            ["upstream_sends_total"] = _sandbox.Journal.For("ClickSend", "POST", "/sms/send").Count,
        });
        Assert.Single(_callback.Received);
    }

    private static async Task Eventually(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(100);
        }
    }
}
