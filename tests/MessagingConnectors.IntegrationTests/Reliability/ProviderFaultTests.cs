using System.Diagnostics;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.Reliability;

/// <summary>
/// Every provider action class (send, create, read, delete) against every way a provider fails: the
/// caller gets the documented status (429 with Retry-After, 502, 504), reads and deletes are retried,
/// sends and creations reach the provider exactly once, and the answer comes within a bound.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class ProviderFaultTests(Azurite azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private const double TimeoutSeconds = 1;
    private const double TotalTimeoutSeconds = 4;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(TotalTimeoutSeconds + 2.5);

    private SandboxServer _sandbox = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync();
        var settings = TestApp.WithRequestTracing(TestApp.Settings(azurite, _sandbox));
        foreach (var provider in new[] { "ClickSend", "SerwerSms", "Clipsan" })
        {
            settings[$"{provider}:TimeoutSeconds"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"{provider}:TotalTimeoutSeconds"] = TotalTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _app = await TestApp.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private sealed record Action(string Provider, string Class, string Operation, HttpMethod Method, string Path, string? Json);

    private sealed record FaultCase(string Name, Fault Fault, int[] Statuses, bool Transient);

    private static readonly Action[] Actions =
    [
        new("ClickSend", "send", "SendSms", HttpMethod.Post, "api/clicksend/sms/send", """{"messages":[{"to":"+61411111111","body":"fault test"}]}"""),
        new("ClickSend", "create", "CreateList", HttpMethod.Post, "api/clicksend/lists", """{"list_name":"Fault test"}"""),
        new("ClickSend", "read", "GetContactLists", HttpMethod.Get, "api/clicksend/lists", null),
        new("ClickSend", "delete", "DeleteList", HttpMethod.Delete, "api/clicksend/lists/428", null),
        new("SerwerSMS", "send", "SerwerSmsSendSms", HttpMethod.Post, "api/serwersms/messages/send", """{"phone":"+48500600700","text":"fault test"}"""),
        new("SerwerSMS", "create", "SerwerSmsCreateGroup", HttpMethod.Post, "api/serwersms/groups", """{"name":"Fault test"}"""),
        new("SerwerSMS", "read", "SerwerSmsListGroups", HttpMethod.Get, "api/serwersms/groups", null),
        new("SerwerSMS", "delete", "SerwerSmsDeleteGroup", HttpMethod.Delete, "api/serwersms/groups/1", null),
        new("Clipsan", "create", "ClipsanAddOrUpdateLead", HttpMethod.Post, "api/clipsan/leads", """{"email":"fault@example.cz","firstname":"Eva"}"""),
        new("Clipsan", "read", "ClipsanListLeads", HttpMethod.Get, "api/clipsan/leads", null),
        new("Clipsan", "delete", "ClipsanDeleteLead", HttpMethod.Delete, "api/clipsan/leads?email=fault%40example.cz", null),
    ];

    private static readonly FaultCase[] Faults =
    [
        new("429", new Fault(FaultKind.Status, Status: 429, RetryAfter: 1), [429], true),
        new("429 Retry-After 120 s", new Fault(FaultKind.Status, Status: 429, RetryAfter: 120), [429], false),
        new("500", new Fault(FaultKind.Status, Status: 500), [502], true),
        new("503", new Fault(FaultKind.Status, Status: 503), [502], true),
        new("malformed JSON", new Fault(FaultKind.Malformed), [502], false),
        new("empty body", new Fault(FaultKind.Empty), [502], false),
        new("connection reset", new Fault(FaultKind.Reset), [502], true),
        new("slow (2.5 s)", new Fault(FaultKind.Slow, DelayMs: 2500), [504], true),
        new("never answers", new Fault(FaultKind.Hang), [504], true),
    ];

    [Fact]
    public async Task Each_action_class_answers_each_provider_fault_with_the_documented_status_retries_and_time_bound()
    {
        // Warm up (JIT, connection pools, the idempotency table) so the time bound measures the fault handling alone.
        foreach (var action in Actions)
        {
            await Run(action, null);
        }

        var rows = new System.Collections.Concurrent.ConcurrentBag<(int Order, JsonObject Row, string? Failure)>();
        // Faults are set per provider, so the three providers run side by side.
        await Task.WhenAll(Actions.GroupBy(a => a.Provider).Select(group => Task.Run(async () =>
        {
            foreach (var action in group)
            {
                foreach (var fault in Faults)
                {
                    var (row, failure) = await Run(action, fault);
                    rows.Add((Array.IndexOf(Actions, action) * 100 + Array.IndexOf(Faults, fault), row, failure));
                }
            }
        })));

        var ordered = rows.OrderBy(r => r.Order).ToList();
        ReliabilityArtifacts.Write("faults.json", new JsonObject
        {
            ["timeout_seconds"] = TimeoutSeconds,
            ["total_timeout_seconds"] = TotalTimeoutSeconds,
            ["bound_seconds"] = Bound.TotalSeconds,
            ["cells"] = ordered.Count,
            ["failures"] = ordered.Count(r => r.Failure is not null),
            ["matrix"] = new JsonArray(ordered.Select(r => (JsonNode?)r.Row).ToArray()),
        });
        foreach (var (_, row, failure) in ordered)
        {
            output.WriteLine($"{row["provider"],-9} {row["class"],-6} {row["fault"],-22} -> {row["status"]} retry-after={row["retry_after"]} upstream={row["upstream_calls"]} {row["seconds"]}s {failure}");
        }

        Assert.Empty(ordered.Where(r => r.Failure is not null).Select(r => r.Failure));
    }

    private async Task<(JsonObject Row, string? Failure)> Run(Action action, FaultCase? faultCase)
    {
        var traceId = Guid.NewGuid().ToString("N");
        if (faultCase is null)
        {
            using var warmUp = await Send(action, traceId);
            return (new JsonObject(), null);
        }

        var fault = faultCase;
        _sandbox.Faults.Set(action.Provider, fault.Fault);
        var watch = Stopwatch.StartNew();
        using var response = await Send(action, traceId);
        watch.Stop();
        _sandbox.Faults.Clear(action.Provider);
        var body = await response.Content.ReadAsStringAsync();
        var calls = _sandbox.Journal.Requests.Count(r => r.Headers.TryGetValue("traceparent", out var t) && t.Contains(traceId, StringComparison.Ordinal));
        return Judge(action, fault, response, body, calls, watch.Elapsed);
    }

    private Task<HttpResponseMessage> Send(Action action, string traceId)
    {
        var request = new HttpRequestMessage(action.Method, action.Path);
        if (action.Json is not null)
        {
            request.Content = Http.Json(action.Json);
        }

        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        request.Headers.Add("X-SerwerSMS-Token", "sandbox-token");
        request.Headers.Add("X-Clipsan-Key", "sandbox-clipsan-key");
        request.Headers.Add("Idempotency-Key", traceId);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        return _app.Client.SendAsync(request);
    }

    private static (JsonObject Row, string? Failure) Judge(Action action, FaultCase fault, HttpResponseMessage response, string body, int calls, TimeSpan elapsed)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds;
        var retried = action.Class is "read" or "delete";
        var problems = new List<string>();
        if (!fault.Statuses.Contains(status))
        {
            problems.Add($"status {status}, expected {string.Join("/", fault.Statuses)}: {body}");
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            problems.Add("not a problem+json answer");
        }

        if (status == 429 && retryAfter is null)
        {
            problems.Add("429 without Retry-After");
        }

        if (fault.Fault.RetryAfter is > 60 && retryAfter is not null && retryAfter != fault.Fault.RetryAfter)
        {
            problems.Add($"Retry-After {retryAfter}, provider said {fault.Fault.RetryAfter}");
        }

        if (!retried && calls != 1)
        {
            problems.Add($"{calls} upstream calls for a {action.Class}, expected exactly 1");
        }

        if (retried && fault.Transient && calls < 2)
        {
            problems.Add($"{calls} upstream call for a {action.Class} on a transient fault, expected retries");
        }

        if (calls < 1)
        {
            problems.Add("no upstream call");
        }

        if (elapsed > Bound)
        {
            problems.Add($"answered after {elapsed.TotalSeconds:F1} s, bound {Bound.TotalSeconds} s");
        }

        var row = new JsonObject
        {
            ["provider"] = action.Provider,
            ["class"] = action.Class,
            ["operation"] = action.Operation,
            ["fault"] = fault.Name,
            ["status"] = status,
            ["expected"] = string.Join("/", fault.Statuses),
            ["retry_after"] = retryAfter,
            ["upstream_calls"] = calls,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 2),
            ["pass"] = problems.Count == 0,
        };
        return (row, problems.Count == 0 ? null : $"{action.Provider} {action.Class} {fault.Name}: {string.Join("; ", problems)}");
    }
}
