using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// Access: with its own API key every endpoint of the Swagger document refuses a missing or wrong key,
/// receivers refuse a wrong secret, callback URLs may not point inside. Secrets: an end-to-end pass over
/// every endpoint with every way of sending credentials leaves none of them in any log line.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class SecretsAndAccessTests(Azurite azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        _app = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(azurite, _sandbox))
        {
            ["Auth:ApiKey"] = KnownSecrets.FunctionKey,
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private async Task<IReadOnlyList<ApiOperation>> Operations() =>
        SwaggerCorpus.Operations(JsonNode.Parse(await _app.Client.GetStringAsync("api/swagger.json"))!);

    private static HttpRequestMessage Request(ApiOperation operation, string? pathAndQuery = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), (pathAndQuery ?? SwaggerCorpus.PathAndQuery(operation)).TrimStart('/'));
        if (operation.HasBody)
        {
            request.Content = Http.Json(SwaggerCorpus.SampleBody(operation)!.ToJsonString());
        }

        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
        request.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        return request;
    }

    [Fact]
    public async Task With_an_api_key_every_endpoint_refuses_a_missing_or_wrong_key_and_receivers_refuse_a_wrong_secret()
    {
        var operations = await Operations();
        var rows = new JsonArray();
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            var statuses = new List<int>();
            foreach (var decorate in new Action<HttpRequestMessage>[]
                     {
                         _ => { },
                         r => r.Headers.Add("x-functions-key", "wrong-key"),
                         r => r.Headers.Add("x-functions-key", KnownSecrets.FunctionKey + "x"),
                         r => r.Headers.Add("x-functions-key", KnownSecrets.FunctionKey.ToUpperInvariant()),
                         r => r.RequestUri = new Uri(r.RequestUri!.OriginalString + (r.RequestUri.OriginalString.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=wrong-key", UriKind.Relative),
                     })
            {
                var request = Request(operation);
                decorate(request);
                var response = await _app.Client.SendAsync(request);
                statuses.Add((int)response.StatusCode);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{operation.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            rows.Add(new JsonObject { ["operation"] = operation.Id, ["method"] = operation.Method, ["path"] = operation.PathTemplate, ["refused"] = statuses.All(s => s == 401) });
        }

        Assert.Empty(_sandbox.Journal.Requests);

        // The receiver is anonymous at the host; its per-subscription secret is the check.
        var receiverStatuses = new JsonObject();
        await using (var loopbackApp = await TestApp.StartAsync(new Dictionary<string, string?>(TestApp.Settings(azurite, _sandbox))
                     {
                         ["Auth:ApiKey"] = KnownSecrets.FunctionKey, ["Webhooks:AllowLoopbackCallbacks"] = "true",
                     }))
        {
            await using var callback = await CallbackServer.StartAsync();
            var created = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound") { Content = Http.Json($$"""{"action_address":"{{callback.Url}}"}""") };
            created.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
            created.Headers.Add("x-functions-key", KnownSecrets.FunctionKey);
            Assert.Equal(HttpStatusCode.Created, (await loopbackApp.Client.SendAsync(created)).StatusCode);
            var receiver = new Uri((string)_sandbox.ClickSend.InboundRules[^1]["action_address"]!);
            var path = receiver.AbsolutePath;
            var secret = receiver.Query;
            using var clickSend = new HttpClient { BaseAddress = loopbackApp.BaseAddress };
            const string sms = """{"to":"+61411111111","from":"+61433333333","body":"x","message_id":"AUTH-1"}""";
            foreach (var (name, url) in new[]
                     {
                         ("no secret", path),
                         ("wrong secret", path + "?secret=" + new string('A', 43)),
                         ("secret of another receiver", path[..^1] + (path[^1] == '0' ? "1" : "0") + secret),
                         ("secret in a header only", path),
                     })
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url.TrimStart('/')) { Content = Http.Json(sms) };
                if (name == "secret in a header only")
                {
                    request.Headers.Add("x-functions-key", KnownSecrets.FunctionKey);
                }

                var response = await clickSend.SendAsync(request);
                receiverStatuses[name] = (int)response.StatusCode;
                await response.AssertProblem(404);
            }

            await Task.Delay(300);
            Assert.Equal(0, callback.Calls);
            receiverStatuses["right secret"] = (int)(await clickSend.PostAsync(path.TrimStart('/') + secret, Http.Json(sms))).StatusCode;
            Assert.Equal(200, (int)receiverStatuses["right secret"]!);
        }

        ReliabilityArtifacts.Write("auth.json", new JsonObject
        {
            ["endpoints"] = rows.Count,
            ["refused_missing_and_wrong_key"] = rows.Count(r => (bool)r!["refused"]!),
            ["requests_per_endpoint"] = 5,
            ["receiver"] = receiverStatuses,
            ["upstream_calls"] = 0,
            ["matrix"] = rows,
        });
        Assert.Empty(failures);
        Assert.True(rows.Count >= 40, $"only {rows.Count} operations");
    }

    [Theory]
    [InlineData("https://127.0.0.1/flow")]
    [InlineData("https://127.1/flow")]
    [InlineData("https://2130706433/flow")]
    [InlineData("https://0x7f000001/flow")]
    [InlineData("https://localhost/flow")]
    [InlineData("https://localhost./flow")]
    [InlineData("https://[::1]/flow")]
    [InlineData("https://[::ffff:127.0.0.1]/flow")]
    [InlineData("https://0.0.0.0/flow")]
    [InlineData("https://10.1.2.3/flow")]
    [InlineData("https://172.16.0.1/flow")]
    [InlineData("https://192.168.0.10/flow")]
    [InlineData("https://100.64.0.1/flow")]
    [InlineData("https://169.254.169.254/metadata/instance")]
    [InlineData("https://[::ffff:169.254.169.254]/latest/meta-data")]
    [InlineData("https://[fe80::1]/flow")]
    [InlineData("https://[fd00::1]/flow")]
    [InlineData("https://metadata.google.internal/computeMetadata")]
    [InlineData("http://example.com/flow")]
    [InlineData("https://user:pass@example.com/flow")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com/flow")]
    public async Task A_callback_url_to_a_private_loopback_or_metadata_address_is_refused(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/clicksend/automations/sms/inbound")
        {
            Content = Http.Json(new JsonObject { ["action_address"] = url }.ToJsonString()),
        };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("x-functions-key", KnownSecrets.FunctionKey);
        await (await _app.Client.SendAsync(request)).AssertValidationProblem("action_address");
        Assert.Empty(_sandbox.Journal.Requests);
    }

    [Fact]
    public async Task An_end_to_end_pass_over_every_endpoint_with_every_credential_form_logs_no_secret()
    {
        var operations = await Operations();
        var credentialForms = new Action<HttpRequestMessage>[]
        {
            r => r.Headers.Add("x-functions-key", KnownSecrets.FunctionKey),
            r =>
            {
                r.RequestUri = new Uri(r.RequestUri!.OriginalString + (r.RequestUri.OriginalString.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + KnownSecrets.FunctionKey, UriKind.Relative);
                r.Headers.Authorization = null;
                r.Headers.Add("X-ClickSend-Username", "sandbox");
                r.Headers.Add("X-ClickSend-ApiKey", "sandbox-api-key");
                r.Headers.Remove("X-SerwerSMS-Token");
                r.Headers.Add("X-SerwerSMS-Username", "sandbox");
                r.Headers.Add("X-SerwerSMS-Password", "sandbox-password");
            },
            r =>
            {
                r.Headers.Add("x-functions-key", KnownSecrets.FunctionKey);
                r.Headers.Authorization = Http.Basic("sandbox", "wrong-key");
                r.Headers.Remove("X-SerwerSMS-Token");
                r.Headers.Add("X-SerwerSMS-Token", "wrong-token-secret");
            },
        };

        var calls = 0;
        foreach (var operation in operations)
        {
            foreach (var form in credentialForms)
            {
                var request = Request(operation);
                form(request);
                await _app.Client.SendAsync(request);
                calls++;
            }

            foreach (var fault in new[] { new Fault(FaultKind.Status, Status: 500), new Fault(FaultKind.Reset) })
            {
                foreach (var provider in new[] { "ClickSend", "SerwerSMS", "Clipsan" })
                {
                    _sandbox.Faults.Set(provider, fault);
                }

                var request = Request(operation, SwaggerCorpus.PathAndQuery(operation, extraQuery: "pin=521223115"));
                request.Headers.Add("x-functions-key", KnownSecrets.FunctionKey);
                await _app.Client.SendAsync(request);
                calls++;
                _sandbox.Faults.Clear();
            }
        }

        var lines = _app.Logs.Lines;
        var leaks = SuiteLogs.Leaks(lines);
        var suiteSoFar = SuiteLogs.All.ToArray();
        var suiteLeaks = SuiteLogs.Leaks(suiteSoFar);
        output.WriteLine($"{calls} calls over {operations.Count} operations: {lines.Count} log lines of this app, {leaks.Count} leaks; " +
                         $"{suiteSoFar.Length} lines of the suite so far, {suiteLeaks.Count} leaks");
        ReliabilityArtifacts.Write("secrets-pass.json", new JsonObject
        {
            ["calls"] = calls,
            ["operations"] = operations.Count,
            ["lines_scanned"] = lines.Count,
            ["leaks"] = leaks.Count,
            ["suite_lines_so_far"] = suiteSoFar.Length,
            ["suite_leaks_so_far"] = suiteLeaks.Count,
        });
        Assert.True(lines.Count > calls, "log capture saw too little");
        Assert.Empty(leaks.Select(l => l.Line));
        Assert.Empty(suiteLeaks.Select(l => l.Line));
    }
}
