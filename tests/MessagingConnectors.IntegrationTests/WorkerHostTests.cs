using System.Net;
using System.Net.Http.Headers;
using MessagingConnectors.FunctionsHost;
using MessagingConnectors.FunctionsHost.Protocol;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The packaged isolated worker (dist/functionapp, made by scripts/package.sh) driven as the Azure Functions host
/// drives it: gRPC handshake, invocations, and HTTP forwarded to the worker's own address. The same requests as the
/// Kestrel tests, with the same answers.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class WorkerHostTests(Azurite azurite, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    public static readonly string PublishedWorker = Path.Combine(RepoPaths.Root, "dist", "functionapp");

    private SandboxServer _sandbox = null!;
    private CallbackServer _callback = null!;
    private LoopbackFunctionsHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Path.Combine(PublishedWorker, "worker.config.json")), $"{PublishedWorker} is missing: run scripts/package.sh (./test.sh does).");
        _sandbox = await SandboxServer.StartAsync();
        _callback = await CallbackServer.StartAsync();
        var settings = new Dictionary<string, string?>(TestApp.Settings(azurite, _sandbox))
        {
            ["Webhooks:AllowLoopbackCallbacks"] = "true",
            ["Webhooks:BackgroundDelivery"] = "false",
            ["Media:Container"] = "media-worker-" + Guid.NewGuid().ToString("N")[..8],
        };
        _host = await LoopbackFunctionsHost.StartAsync(PublishedWorker, settings);
        _client = new HttpClient(new ContractCheckingHandler(DocumentContract.Served)) { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Add("x-functions-key", LoopbackFunctionsHost.FunctionKey);
    }

    public void Dispose() => _client.Dispose();

    public async Task DisposeAsync()
    {
        // What the worker logged (over gRPC and on its console): in a failing test's output, and in the suite's secret scan.
        foreach (var line in _host.Logs)
        {
            output.WriteLine(line);
            Reliability.SuiteLogs.Add(line);
        }

        await _host.DisposeAsync();
        await _callback.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private static HttpRequestMessage SendSms(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send")
        {
            Content = Http.Json("""{"messages":[{"to":"+61411111111","body":"from the worker"}]}"""),
        };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task AssertEveryInvocationSucceeded() =>
        Assert.All(await _host.AnsweredInvocationsAsync(), i => Assert.True(i.Response.Result.Status == StatusResult.Types.Status.Success,
            $"{i.Function}: {i.Response.Result.Exception?.Message}"));

    [Fact]
    public void The_worker_indexes_every_function_of_the_endpoint_table()
    {
        var expected = PackageTests.EndpointTable();
        Assert.Equal(expected.Select(f => f.Name).Order(StringComparer.Ordinal), _host.Functions.Keys.Order(StringComparer.Ordinal));
        var sendSms = _host.Functions["SendSms"];
        Assert.Equal("clicksend/sms/send", LoopbackFunctionsHost.Property(sendSms, "request", "route"));
        Assert.True(_host.StartupTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task Send_sms_answers_200_and_a_replay_of_its_key_is_answered_without_a_second_send()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _client.SendAsync(SendSms(key));
        var second = await _client.SendAsync(SendSms(key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        var body = await first.ReadJson();
        Assert.Equal(1, (int)body["accepted_count"]!);
        Assert.Equal("SUCCESS", (string?)body["data"]!["messages"]![0]!["status"]);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(body.ToJsonString(), (await second.ReadJson()).ToJsonString());
        Assert.Single(_sandbox.Journal.For("ClickSend", "POST", "/sms/send"));
        Assert.Equal(2, (await _host.AnsweredInvocationsAsync()).Count(i => i.Function == "SendSms"));
        await AssertEveryInvocationSucceeded();
    }

    [Fact]
    public async Task A_bad_request_is_the_same_problem_as_on_Kestrel()
    {
        var response = await _client.PostAsync("api/clicksend/sms/send", Http.Json("""{"messages":[]}"""));

        var problem = await response.AssertProblem(400);
        Assert.Equal("urn:messaging-connectors:problem:validation", (string?)problem["type"]);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("messages"), problem.ToJsonString());
        Assert.Empty(_sandbox.Journal.Requests);
        await AssertEveryInvocationSucceeded();
    }

    [Fact]
    public async Task A_file_upload_is_stored_in_blob_storage_and_read_back()
    {
        var pdf = MediaTests.Pdf(300_000);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "file", "letter.pdf");

        var upload = await _client.PostAsync("api/media?purpose=letter", form);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var file = await upload.ReadJson();
        Assert.Equal("application/pdf", (string?)file["content_type"]);
        Assert.Equal(pdf.Length, (long)file["size"]!);
        Assert.Equal($"/api/media/{(string)file["id"]!}", upload.Headers.Location?.ToString());
        using var download = new HttpClient();
        Assert.Equal(pdf, await download.GetByteArrayAsync((string)file["url"]!));
        await AssertEveryInvocationSucceeded();
    }

    [Fact]
    public async Task The_ClickSend_receiver_is_anonymous_and_a_timer_delivers_what_it_stored()
    {
        var subscribe = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound")
        {
            Content = Http.Json($$"""{"action_address":"{{_callback.Url}}"}"""),
        };
        subscribe.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        var subscribed = await _client.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var ruleId = (long)(await subscribed.ReadJson())["inbound_rule_id"]!;
        // The unsubscribe address is the one the caller used (the host's front door), not the worker's own.
        Assert.Equal(new Uri(_host.BaseAddress, $"api/clicksend/automations/sms/inbound/{ruleId}"), subscribed.Headers.Location);
        var receiver = (string)_sandbox.ClickSend.InboundRules.Single()["action_address"]!;
        Assert.StartsWith(_host.BaseAddress.ToString(), receiver, StringComparison.Ordinal);

        // ClickSend calls the receiver with no function key; the host lets it through, as the function is anonymous.
        Assert.Equal(1, await _sandbox.ClickSend.DeliverInboundAsync("+61411111111", "+61433333333", "Through the worker", "MSG-WORKER"));
        Assert.Empty(_callback.Received);
        var keyless = await new HttpClient().PostAsync(new Uri(_host.BaseAddress, "api/clicksend/lists"), Http.Json("""{"list_name":"x"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);

        var timer = await _host.InvokeTimerAsync("DeliverInboundMessages");

        Assert.Equal(StatusResult.Types.Status.Success, timer.Result.Status);
        Assert.Equal("Through the worker", (string?)Assert.Single(_callback.Received)["body"]);
        Assert.Contains(_host.Logs, line => line.Contains("DeliverInboundMessages: delivered 1", StringComparison.Ordinal));
        await AssertEveryInvocationSucceeded();
    }
}
