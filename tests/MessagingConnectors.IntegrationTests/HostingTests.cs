using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class HostingTests(Azurite azurite) : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = TestApp.Settings(azurite, _sandbox);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Health_reports_storage_reachable()
    {
        await using var app = await TestApp.StartAsync(Settings());
        var response = await app.Client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal(["blob", "table"], body["checks"]!.AsArray().Select(c => (string)c!["name"]!).Order().ToArray());
    }

    [Fact]
    public async Task Health_is_a_503_problem_naming_the_unreachable_storage()
    {
        await using var app = await TestApp.StartAsync(Settings(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;BlobEndpoint={azurite.ConnectionString.Split("BlobEndpoint=")[1].Split(';')[0]};")));
        var response = await app.Client.GetAsync("api/health");
        var problem = await response.AssertProblem(503);
        var table = problem["checks"]!.AsArray().Single(c => (string?)c!["name"] == "table")!;
        Assert.Equal("unhealthy", (string?)table["status"]);
        var blob = problem["checks"]!.AsArray().Single(c => (string?)c!["name"] == "blob")!;
        Assert.Equal("healthy", (string?)blob["status"]);
    }

    [Fact]
    public async Task Startup_reaches_storage_before_any_request()
    {
        await using var app = await TestApp.StartAsync(Settings());
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && !app.Logs.Lines.Any(l => l.Contains("StartupWarmUp: Warmed up", StringComparison.Ordinal)))
        {
            await Task.Delay(50);
        }

        var warmUp = app.Logs.Lines.Where(l => l.Contains("StartupWarmUp", StringComparison.Ordinal)).ToList();
        Assert.Contains(warmUp, l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("Warmed up storage", StringComparison.Ordinal));
        Assert.DoesNotContain(warmUp, l => l.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_are_traced_to_the_provider_only_when_tracing_is_on()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        async Task<RecordedRequest> SendTraced(TestApp app)
        {
            _sandbox.Journal.Clear();
            var send = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"x"}]}""") };
            send.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            send.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(send)).StatusCode);
            return Assert.Single(_sandbox.Journal.For("ClickSend", "POST", "/sms/send"));
        }

        await using (var untraced = await TestApp.StartAsync(Settings()))
        {
            Assert.False((await SendTraced(untraced)).Headers.ContainsKey("traceparent"));
        }

        await using var traced = await TestApp.StartAsync(TestApp.WithRequestTracing(Settings()));
        Assert.Contains(traceId, (await SendTraced(traced)).Headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_probe_at_root_answers_without_a_key()
    {
        await using var app = await TestApp.StartAsync(Settings(("Auth:ApiKey", "app-key-123")));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task With_an_api_key_every_function_refuses_a_missing_or_wrong_key_and_accepts_the_right_one()
    {
        await using var app = await TestApp.StartAsync(Settings(("Auth:ApiKey", "app-key-123")));
        await (await app.Client.GetAsync("api/health")).AssertProblem(401);

        var wrong = new HttpRequestMessage(HttpMethod.Get, "api/health");
        wrong.Headers.Add("x-functions-key", "app-key-12");
        await (await app.Client.SendAsync(wrong)).AssertProblem(401);

        var send = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"x"}]}""") };
        send.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        await (await app.Client.SendAsync(send)).AssertProblem(401);
        Assert.Empty(_sandbox.Journal.Requests);

        var right = new HttpRequestMessage(HttpMethod.Get, "api/health");
        right.Headers.Add("x-functions-key", "app-key-123");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(right)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("api/health?code=app-key-123")).StatusCode);
    }

    [Fact]
    public async Task Public_documents_stay_open_when_an_api_key_is_set()
    {
        await using var app = await TestApp.StartAsync(Settings(("Auth:ApiKey", "app-key-123")));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("api/swagger.json")).StatusCode);
    }

    [Fact]
    public void The_app_refuses_to_listen_beyond_loopback_without_an_api_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessagingConnectorsApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Settings()) { ["urls"] = "http://0.0.0.0:5999" });
        }));
        Assert.Contains("Auth__ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problems()
    {
        await using var app = await TestApp.StartAsync(Settings());
        await (await app.Client.GetAsync("api/nothing-here")).AssertProblem(404);
        await (await app.Client.GetAsync("api/clicksend/sms/send")).AssertProblem(405);
    }

    [Fact]
    public async Task No_secret_appears_in_any_log_line()
    {
        const string apiKey = "sandbox-api-key";
        const string functionKey = "function-key-secret-42";
        await using var app = await TestApp.StartAsync(Settings(("Auth:ApiKey", functionKey)));
        var authorization = Http.Basic("sandbox", apiKey);

        async Task Post(string json, Action<HttpRequestMessage> decorate)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json(json) };
            request.Headers.Add("x-functions-key", functionKey);
            decorate(request);
            await app.Client.SendAsync(request);
        }

        const string sms = """{"messages":[{"to":"+61411111111","body":"x"}]}""";
        await Post(sms, r => r.Headers.Authorization = authorization);
        await Post(sms, r => { r.Headers.Add("X-ClickSend-Username", "sandbox"); r.Headers.Add("X-ClickSend-ApiKey", apiKey); });
        await Post(sms, r => r.Headers.Authorization = Http.Basic("sandbox", apiKey + "-wrong"));
        _sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 500, Count: 1));
        await Post(sms, r => r.Headers.Authorization = authorization);
        _sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Reset, Count: 1));
        await Post(sms, r => r.Headers.Authorization = authorization);
        await app.Client.GetAsync($"api/health?code={functionKey}");

        var lines = app.Logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { apiKey, functionKey, authorization.Parameter!, authorization.ToString() })
        {
            var leak = lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line holds a secret: {leak}");
        }
    }

    [Fact]
    public async Task The_swagger_document_describes_send_sms()
    {
        await using var app = await TestApp.StartAsync(Settings());
        var document = await (await app.Client.GetAsync("api/swagger.json")).ReadJson();
        Assert.Equal("2.0", (string?)document["swagger"]);
        Assert.Equal("/api", (string?)document["basePath"]);
        var operation = document["paths"]!["/clicksend/sms/send"]!["post"]!;
        Assert.Equal("SendSms", (string?)operation["operationId"]);
        Assert.NotEqual((string?)operation["summary"], (string?)operation["description"]);
        Assert.Equal("ClickSend", (string?)operation["tags"]![0]);
        var message = document["definitions"]!["SmsMessage"]!["properties"]!["to"]!;
        Assert.Equal("To", (string?)message["x-ms-summary"]);
        Assert.Equal("important", (string?)message["x-ms-visibility"]);
        Assert.Contains(operation["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key");

        var v3 = await (await app.Client.GetAsync("api/openapi/v3.json")).ReadJson();
        Assert.StartsWith("3.", (string?)v3["openapi"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("api/swagger/ui/index.html")).StatusCode);
        await (await app.Client.GetAsync("api/swagger/ui/no-such-asset.js")).AssertProblem(404);
    }
}
