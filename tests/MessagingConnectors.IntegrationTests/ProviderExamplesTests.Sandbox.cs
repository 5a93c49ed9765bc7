using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The sandbox answers as the documents show: for every ClickSend operation the app calls that the reference documents
/// with an example, the sandbox's answer has the example's members, no fewer and no more, at every level. What the
/// bench and the tests measure through the sandbox is then what ClickSend's documented answer costs to read.
/// </summary>
public sealed partial class ProviderExamplesTests
{
    /// <summary>
    /// A request such as the app sends for each operation, by the reference file's method and path: {list}, {contact},
    /// {rule} and {receiptRule} are made first, {sent} is a delivered SMS and {scheduled} one sent for later.
    /// </summary>
    private static readonly Dictionary<string, (string Path, string? Body)> SandboxRequests = new()
    {
        ["POST /v3/sms/send"] = ("sms/send", """{"messages":[{"to":"+61411111111","body":"Hello","source":"MessagingConnectors","custom_string":"c1"}]}"""),
        ["POST /v3/mms/send"] = ("mms/send", """{"media_file":"https://example.test/a.gif","messages":[{"to":"+61411111111","body":"Hello","subject":"Hi","source":"MessagingConnectors"}]}"""),
        ["POST /v3/voice/send"] = ("voice/send", """{"messages":[{"to":"+61411111111","body":"Hello","voice":"female","lang":"en-au","source":"MessagingConnectors"}]}"""),
        ["GET /v3/voice/lang"] = ("voice/lang", null),
        ["GET /v3/countries"] = ("countries", null),
        ["GET /v3/lists"] = ("lists", null),
        ["POST /v3/lists"] = ("lists", """{"list_name":"Customers"}"""),
        ["DELETE /v3/lists/{list_id}"] = ("lists/{list}", null),
        ["GET /v3/lists/{list_id}/contacts"] = ("lists/{list}/contacts", null),
        ["POST /v3/lists/{list_id}/contacts"] = ("lists/{list}/contacts", """{"phone_number":"+61422222222","first_name":"Ann"}"""),
        ["DELETE /v3/lists/{list_id}/contacts/{contact_id}"] = ("lists/{list}/contacts/{contact}", null),
        ["GET /v3/post/return-addresses"] = ("post/return-addresses", null),
        ["POST /v3/automations/sms/inbound"] = ("automations/sms/inbound",
            """{"dedicated_number":"*","rule_name":"Flow","message_search_type":0,"message_search_term":"*","action":"URL","action_address":"https://example.test/hook","enabled":1,"webhook_type":"json"}"""),
        ["DELETE /v3/automations/sms/inbound/{inbound_rule_id}"] = ("automations/sms/inbound/{rule}", null),
        ["POST /v3/sms-campaigns/send"] = ("sms-campaigns/send", """{"list_id":{list},"name":"Spring","body":"Hello","from":"Shop"}"""),
        ["GET /v3/sms/receipts/{message_id}"] = ("sms/receipts/{sent}", null),
        ["PUT /v3/sms/{message_id}/cancel"] = ("sms/{scheduled}/cancel", null),
        ["PUT /v3/sms/cancel-all"] = ("sms/cancel-all", """{"custom_string":"order-1042"}"""),
        ["POST /v3/automations/sms/receipts"] = ("automations/sms/receipts", ReceiptRule),
        ["GET /v3/automations/sms/receipts/{receipt_rule_id}"] = ("automations/sms/receipts/{receiptRule}", null),
        ["DELETE /v3/automations/sms/receipts/{receipt_rule_id}"] = ("automations/sms/receipts/{receiptRule}", null),
    };

    private const string ReceiptRule = """{"rule_name":"Flow","match_type":0,"action":"URL","action_address":"https://example.test/receipts","enabled":1}""";

    public static TheoryData<string> SandboxOperations() => new(SandboxRequests.Keys);

    [Fact]
    public void Every_operation_fed_through_the_client_is_asked_of_the_sandbox() =>
        Assert.Equal(ClickSendCalls.Keys.Concat(DeliveryCalls.Keys).Order(StringComparer.Ordinal), SandboxRequests.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SandboxOperations))]
    public async Task ClickSend_sandbox_answers_with_the_documented_members(string operation)
    {
        await using var sandbox = await SandboxCalls.StartAsync();
        var (path, body) = SandboxRequests[operation];

        var answer = await sandbox.Call(operation.Split(' ')[0], path, body);

        var example = TryClickSendExample(operation, out var documented) ? documented : ReceiptsExample(operation);
        Assert.Equal(MemberPaths(example), MemberPaths(answer));
    }

    /// <summary>
    /// History: the documented example's envelope contradicts its schema (a bare array in <c>data</c>), and the sandbox
    /// answers the schema's page, so the items are compared.
    /// </summary>
    [Fact]
    public async Task ClickSend_sandbox_history_items_have_the_documented_members()
    {
        await using var sandbox = await SandboxCalls.StartAsync();

        var answer = await sandbox.Call("GET", "sms/history?q=message_id:{sent}", null);

        Assert.Equal(MemberPaths(ReceiptsExample("GET /v3/sms/history")["data"]![0]), MemberPaths(answer["data"]!["data"]![0]));
    }

    /// <summary>
    /// A sandbox with one of everything an operation can name: a list with a contact, an inbound rule, a receipt rule,
    /// an SMS delivered (its receipt in) and one scheduled for later.
    /// </summary>
    private sealed class SandboxCalls : IAsyncDisposable
    {
        private readonly SandboxServer _sandbox;
        private readonly HttpClient _http;
        private readonly Dictionary<string, string> _ids = [];

        private SandboxCalls(SandboxServer sandbox)
        {
            _sandbox = sandbox;
            _http = new HttpClient { BaseAddress = new Uri(sandbox.ClickSendBaseUrl) };
            _http.DefaultRequestHeaders.Authorization = Http.Basic(sandbox.ClickSend.Username, sandbox.ClickSend.ApiKey);
        }

        public static async Task<SandboxCalls> StartAsync()
        {
            var sandbox = await SandboxServer.StartAsync();
            sandbox.ClickSend.ReceiptDelay = TimeSpan.Zero;
            var calls = new SandboxCalls(sandbox);
            calls._ids["list"] = (await calls.Call("POST", "lists", """{"list_name":"Shop"}"""))["data"]!["list_id"]!.ToString();
            calls._ids["contact"] = (await calls.Call("POST", "lists/{list}/contacts", """{"phone_number":"+61433333333"}"""))["data"]!["contact_id"]!.ToString();
            calls._ids["rule"] = (await calls.Call("POST", "automations/sms/inbound", SandboxRequests["POST /v3/automations/sms/inbound"].Body))["data"]!["inbound_rule_id"]!.ToString();
            calls._ids["receiptRule"] = (await calls.Call("POST", "automations/sms/receipts", ReceiptRule))["data"]!["receipt_rule_id"]!.ToString();
            calls._ids["sent"] = await calls.SendSms("""{"messages":[{"to":"+61411111111","body":"Hello","source":"MessagingConnectors"}]}""");
            var later = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
            calls._ids["scheduled"] = await calls.SendSms($$"""{"messages":[{"to":"+61411111111","body":"Later","schedule":{{later}},"custom_string":"order-1042"}]}""");
            await calls.ReceiptOf(calls._ids["sent"]);
            return calls;
        }

        /// <summary>Calls the sandbox with the IDs put in for their names in braces; an answer that is not 2xx fails the test.</summary>
        public async Task<JsonNode> Call(string method, string path, string? body)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), WithIds(path));
            if (body is not null)
            {
                request.Content = Http.Json(WithIds(body));
            }

            using var response = await _http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {answer}");
            return JsonNode.Parse(answer)!;
        }

        private string WithIds(string text) =>
            _ids.Aggregate(text, (result, id) => result.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

        private async Task<string> SendSms(string body) =>
            (string)(await Call("POST", "sms/send", body))["data"]!["messages"]![0]!["message_id"]!;

        /// <summary>Waits for the receipt the sandbox gives an SMS after its (zero) delay.</summary>
        private async Task ReceiptOf(string messageId)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                using var response = await _http.GetAsync($"sms/receipts/{messageId}");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                await Task.Delay(50);
            }

            Assert.Fail($"no receipt for {messageId}");
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>Every member's path, arrays read through their first item: <c>/data/messages[]/to</c>.</summary>
    private static SortedSet<string> MemberPaths(JsonNode? node, string prefix = "")
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    paths.Add($"{prefix}/{name}");
                    paths.UnionWith(MemberPaths(value, $"{prefix}/{name}"));
                }

                break;
            case JsonArray { Count: > 0 } items:
                paths.UnionWith(MemberPaths(items[0], prefix + "[]"));
                break;
        }

        return paths;
    }
}
