using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The sandbox answers as the documents show: for every ClickSend operation the app calls that the reference documents
/// with an example, the sandbox's answer has the example's members, no fewer and no more, at every level. What the
/// bench and the tests measure through the sandbox is then what ClickSend's documented answer costs to read.
/// </summary>
public sealed partial class ProviderExamplesTests
{
    /// <summary>A request such as the app sends for each operation ({list}, {contact} and {rule} are made first).</summary>
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
    };

    [Fact]
    public void Every_operation_fed_through_the_client_is_asked_of_the_sandbox() =>
        Assert.Equal(ClickSendCalls.Keys.Order(StringComparer.Ordinal), SandboxRequests.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(ClickSendOperations))]
    public async Task ClickSend_sandbox_answers_with_the_documented_members(string operation)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(sandbox.ClickSendBaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sandbox.ClickSend.Username}:{sandbox.ClickSend.ApiKey}")));
        async Task<JsonNode> Call(HttpMethod method, string path, string? body)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {answer}");
            return JsonNode.Parse(answer)!;
        }

        var list = (long)(await Call(HttpMethod.Post, "lists", """{"list_name":"Shop"}"""))["data"]!["list_id"]!;
        var contact = (long)(await Call(HttpMethod.Post, $"lists/{list}/contacts", """{"phone_number":"+61433333333"}"""))["data"]!["contact_id"]!;
        var rule = (long)(await Call(HttpMethod.Post, "automations/sms/inbound", SandboxRequests["POST /v3/automations/sms/inbound"].Body))["data"]!["inbound_rule_id"]!;
        string WithIds(string text) => text.Replace("{list}", list.ToString(), StringComparison.Ordinal)
            .Replace("{contact}", contact.ToString(), StringComparison.Ordinal).Replace("{rule}", rule.ToString(), StringComparison.Ordinal);

        var (path, body) = SandboxRequests[operation];
        var answer = await Call(new HttpMethod(operation.Split(' ')[0]), WithIds(path), body is null ? null : WithIds(body));

        Assert.Equal(MemberPaths(ClickSendExample(operation)), MemberPaths(answer));
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
