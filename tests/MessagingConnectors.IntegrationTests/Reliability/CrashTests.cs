using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using Microsoft.AspNetCore.Http;
using static MessagingConnectors.IntegrationTests.Infrastructure.Waits;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// The built app as a real process, killed (SIGKILL) in the middle of an inbound delivery and in the
/// middle of an idempotent send: after a restart the message still arrives and the send is not repeated.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class CrashTests(Azurite azurite) : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;
    private readonly int _port = Azurite.FreePort();

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}",
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["ClickSend__BaseUrl"] = _sandbox.ClickSendBaseUrl,
        ["ClickSend__TimeoutSeconds"] = "30",
        ["ClickSend__TotalTimeoutSeconds"] = "60",
        ["Webhooks__AllowLoopbackCallbacks"] = "true",
        ["Webhooks__BaseDelaySeconds"] = "0.1",
        ["Webhooks__SweepSeconds"] = "0.2",
        ["Webhooks__ClaimSeconds"] = "2",
        ["Webhooks__CallbackTimeoutSeconds"] = "60",
        ["Idempotency__PendingTimeoutSeconds"] = "2",
        ["Idempotency__WaitSeconds"] = "5",
        ["Logging__LogLevel__Default"] = "Debug",
    };

    [Fact]
    public async Task A_process_killed_during_inbound_delivery_delivers_after_restart()
    {
        await using var callback = await SlowCallback.StartAsync(firstCallDelay: TimeSpan.FromSeconds(60));
        var app = await StartApp();
        try
        {
            var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound")
            {
                Content = Http.Json($$"""{"action_address":"{{callback.Url}}"}"""),
            };
            subscribe.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            Assert.Equal(HttpStatusCode.Created, (await app.Client.SendAsync(subscribe)).StatusCode);
            Assert.Equal(1, await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Crash me", "CRASH-1"));

            await Eventually(() => callback.Calls >= 1);
            app.Kill(); // the delivery is in flight: the callback holds the first call open
        }
        finally
        {
            await app.DisposeAsync();
        }

        var restarted = await StartApp();
        try
        {
            await Eventually(() => !callback.Answered.IsEmpty, seconds: 30);
            await Task.Delay(1500);
            var deliveries = callback.Calls;
            ReliabilityArtifacts.Write("crash-inbound.json", new JsonObject
            {
                ["scenario"] = "killed while the callback POST was in flight",
                ["callback_calls"] = deliveries,
                ["answered_2xx"] = callback.Answered.Count,
                ["message_id"] = (string?)callback.Answered.First()["message_id"],
            });
            Assert.Equal("CRASH-1", (string?)callback.Answered.First()["message_id"]);
            Assert.InRange(deliveries, 1, 2);
            Assert.Single(callback.Answered);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    /// <summary>
    /// A delivery receipt stored and answered 200, the process killed before any delivery (the first process delivers
    /// nothing): the restarted one delivers it once, and ClickSend pushing it again after the restart is still a repeat.
    /// </summary>
    [Fact]
    public async Task A_process_killed_between_storing_a_delivery_receipt_and_delivering_it_delivers_once_after_restart()
    {
        _sandbox.ClickSend.Username = "crash-receipts-" + Guid.NewGuid().ToString("N");
        await using var callback = await CallbackServer.StartAsync();
        const string receipt = """{"message_id":"CRASH-RECEIPT-1","status_code":201,"timestamp":1722565700,"format":"form"}""";
        using var sandbox = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        var app = await StartApp(new() { ["Webhooks__BackgroundDelivery"] = "false" });
        try
        {
            var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/receipts")
            {
                Content = Http.Json($$"""{"action_address":"{{callback.Url}}"}"""),
            };
            subscribe.Headers.Authorization = Http.Basic(_sandbox.ClickSend.Username, "sandbox-api-key");
            Assert.Equal(HttpStatusCode.Created, (await app.Client.SendAsync(subscribe)).StatusCode);
            var pushed = await sandbox.PostAsync("_sandbox/clicksend/receipts", Http.Json(receipt));
            Assert.Equal(1, (int)(await pushed.ReadJson())["delivered"]!);
            await Task.Delay(500);
            Assert.Equal(0, callback.Calls);
            app.Kill();
        }
        finally
        {
            await app.DisposeAsync();
        }

        var restarted = await StartApp();
        try
        {
            await Eventually(() => !callback.Received.IsEmpty, seconds: 30);
            var again = await sandbox.PostAsync("_sandbox/clicksend/receipts", Http.Json(receipt));
            Assert.Equal(1, (int)(await again.ReadJson())["delivered"]!);
            await Task.Delay(1500);
            ReliabilityArtifacts.Write("crash-receipt.json", new JsonObject
            {
                ["scenario"] = "killed after a delivery receipt was stored and answered, before any delivery; pushed again after the restart",
                ["callback_calls"] = callback.Calls,
                ["message_id"] = (string?)callback.Received.First()["message_id"],
            });
            var payload = Assert.Single(callback.Received);
            Assert.Equal(("CRASH-RECEIPT-1", "delivered"), ((string?)payload["message_id"], (string?)payload["status"]));
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_process_killed_during_an_idempotent_send_does_not_send_again_after_restart()
    {
        const string json = """{"messages":[{"to":"+61411111111","body":"crash during send"}]}""";
        var key = "crash-" + Guid.NewGuid().ToString("N");
        HttpRequestMessage Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json(json) };
            request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        _sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Slow, DelayMs: 60_000, Count: 1));
        var app = await StartApp();
        try
        {
            var inFlight = app.Client.SendAsync(Send());
            await Eventually(() => _sandbox.Journal.For("ClickSend", "POST", "/sms/send").Count == 1);
            app.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => inFlight);
        }
        finally
        {
            await app.DisposeAsync();
        }

        var restarted = await StartApp();
        try
        {
            var repeat = await restarted.Client.SendAsync(Send());
            var body = await repeat.Content.ReadAsStringAsync();
            var upstream = _sandbox.Journal.For("ClickSend", "POST", "/sms/send").Count;
            ReliabilityArtifacts.Write("crash-send.json", new JsonObject
            {
                ["scenario"] = "killed while the upstream send was in flight, then the same Idempotency-Key repeated",
                ["repeat_status"] = (int)repeat.StatusCode,
                ["repeat_title"] = (string?)JsonNode.Parse(body)?["title"],
                ["upstream_sends"] = upstream,
            });
            var problem = await repeat.AssertProblem(409);
            Assert.Equal("The outcome of the first request is unknown", (string?)problem["title"]);
            Assert.Equal(1, upstream);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    /// <summary>The app's built dll run with <c>dotnet</c>.</summary>
    private Task<AppProcess> StartApp(Dictionary<string, string>? overrides = null)
    {
        var dll = AppDll();
        var environment = Environment();
        foreach (var (name, value) in overrides ?? [])
        {
            environment[name] = value;
        }

        return AppProcess.StartAsync("dotnet", [dll], Path.GetDirectoryName(dll)!, _port, environment);
    }

    private static string AppDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        foreach (var candidate in new[] { configuration, "Release", "Debug" })
        {
            var path = Path.Combine(RepoPaths.Root, "src", "MessagingConnectors", "bin", candidate, "net10.0", "MessagingConnectors.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("Build the app first: src/MessagingConnectors/bin/<configuration>/net10.0/MessagingConnectors.dll is missing.");
    }

    /// <summary>A flow callback that holds its first call open (so the app can be killed mid-delivery) and answers later ones at once.</summary>
    private sealed class SlowCallback : LoopbackServer
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ConcurrentQueue<JsonNode> Answered { get; } = new();

        public string Url => BaseUrl + "/flow/callback";

        public static async Task<SlowCallback> StartAsync(TimeSpan firstCallDelay)
        {
            var server = new SlowCallback();
            await server.ListenAsync(app => app.MapPost("/flow/callback", async (HttpContext context) =>
            {
                var payload = await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
                if (Interlocked.Increment(ref server._calls) == 1)
                {
                    await Task.Delay(firstCallDelay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.StatusCode(503);
                }

                server.Answered.Enqueue(payload);
                return Results.Ok();
            }));
            return server;
        }
    }
}
