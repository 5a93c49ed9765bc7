using System.Net;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

[Collection(IntegrationGroup.Name)]
public sealed class IdempotencyTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private const string Sms = """{"messages":[{"to":"+61411111111","body":"only once"}]}""";
    private int UpstreamSends => Sandbox.Journal.For("ClickSend", "POST", "/sms/send").Count;

    private Task<HttpResponseMessage> Send(string json, IDictionary<string, string> headers, TestApp? app = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/sms/send") { Content = Http.Json(json) };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return (app ?? App).Client.SendAsync(request);
    }

    private static Dictionary<string, string> Key() => new() { ["Idempotency-Key"] = Guid.NewGuid().ToString() };

    [Fact]
    public async Task Two_identical_requests_with_one_key_make_one_upstream_call_and_get_the_same_answer()
    {
        var key = Key();
        var first = await Send(Sms, key);
        var second = await Send(Sms, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, UpstreamSends);
    }

    [Fact]
    public async Task A_different_body_with_a_used_key_is_a_422_problem()
    {
        var key = Key();
        Assert.Equal(HttpStatusCode.OK, (await Send(Sms, key)).StatusCode);
        var reused = await Send("""{"messages":[{"to":"+61411111111","body":"something else"}]}""", key);
        await reused.AssertProblem(422);
        Assert.Equal(1, UpstreamSends);
    }

    [Fact]
    public async Task Different_keys_send_separately()
    {
        await Send(Sms, Key());
        await Send(Sms, Key());
        Assert.Equal(2, UpstreamSends);
    }

    [Fact]
    public async Task Logic_Apps_retries_of_the_same_run_and_action_are_deduplicated()
    {
        var run = Guid.NewGuid().ToString();
        Dictionary<string, string> Workflow(string index) => new()
        {
            ["x-ms-workflow-name"] = "notify-customers",
            ["x-ms-workflow-run-id"] = run,
            ["x-ms-workflow-operation-name"] = "Send_SMS",
            ["x-ms-workflow-repeatitem-scope-name"] = "For_each",
            ["x-ms-workflow-repeatitem-index"] = index,
        };

        var first = await Send(Sms, Workflow("0"));
        var retry = await Send(Sms, Workflow("0"));
        var nextIteration = await Send(Sms, Workflow("1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, nextIteration.StatusCode);
        Assert.Equal(2, UpstreamSends);
    }

    [Fact]
    public async Task Concurrent_duplicates_make_one_upstream_call_and_all_get_its_answer()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Slow, DelayMs: 700, Count: 1));
        var key = Key();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Send(Sms, key)));

        Assert.Equal(1, UpstreamSends);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task A_failure_with_unknown_effect_is_replayed_not_resent()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 500, Count: 1));
        var key = Key();
        var first = await Send(Sms, key);
        var retry = await Send(Sms, key);

        await first.AssertProblem(502);
        await retry.AssertProblem(502);
        Assert.Equal(1, UpstreamSends);
    }

    [Fact]
    public async Task A_send_that_provably_never_reached_the_provider_gives_its_key_back()
    {
        Sandbox.Faults.Set("ClickSend", new Fault(FaultKind.Status, Status: 429, RetryAfter: 1, Count: 1));
        var key = Key();
        var throttled = await Send(Sms, key);
        await throttled.AssertProblem(429);

        var retry = await Send(Sms, key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, UpstreamSends);
    }

    [Fact]
    public async Task The_outcome_survives_an_app_restart()
    {
        var key = Key();
        var first = await Send(Sms, key);
        await using var restarted = await TestApp.StartAsync(TestApp.Settings(Azurite, Sandbox));
        var repeat = await Send(Sms, key, restarted);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(1, UpstreamSends);
    }

    [Fact]
    public async Task An_invalid_key_is_a_400_naming_the_header()
    {
        var response = await Send(Sms, new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 300) });
        await response.AssertValidationProblem("Idempotency-Key");
        Assert.Equal(0, UpstreamSends);
    }

    [Fact]
    public async Task Without_storage_a_keyed_send_is_a_503_and_never_reaches_the_provider()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(Azurite, Sandbox))
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;",
        });
        var response = await Send(Sms, Key(), app);
        await response.AssertProblem(503);
        Assert.Equal(0, UpstreamSends);
    }
}
