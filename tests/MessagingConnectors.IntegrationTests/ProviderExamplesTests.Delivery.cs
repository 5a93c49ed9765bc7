using System.Text.Json;
using System.Text.Json.Nodes;
using MessagingConnectors.ClickSend;
using MessagingConnectors.Delivery;
using MessagingConnectors.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// ClickSend's own examples of receipts, history, receipt rules and cancel (../shared/reference/clicksend-v3-openapi-receipts.json)
/// read by our client, and the receipt and history examples read into the shared delivery status.
/// </summary>
public sealed partial class ProviderExamplesTests
{
    private const string ExampleMessageId = "D6D16B28-46AC-484A-AB0A-A08CD08EF75C";

    private static readonly Dictionary<string, (string Path, Func<ClickSendClient, ClickSendAccount, Task<object>> Call)> DeliveryCalls = new()
    {
        ["GET /v3/sms/receipts/{message_id}"] = ($"/v3/sms/receipts/{ExampleMessageId}", async (c, a) => await c.GetSmsReceiptAsync(a, ExampleMessageId, default)),
        ["PUT /v3/sms/{message_id}/cancel"] = ($"/v3/sms/{ExampleMessageId}/cancel", async (c, a) => await c.CancelSmsAsync(a, ExampleMessageId, default)),
        ["PUT /v3/sms/cancel-all"] = ("/v3/sms/cancel-all", async (c, a) => await c.CancelAllSmsAsync(a, "order-1042", default)),
        ["POST /v3/automations/sms/receipts"] = ("/v3/automations/sms/receipts", async (c, a) => await c.CreateReceiptRuleAsync(a, "r", "https://example.test/", default)),
        ["GET /v3/automations/sms/receipts/{receipt_rule_id}"] = ("/v3/automations/sms/receipts/5", async (c, a) => await c.GetReceiptRuleAsync(a, 5, default)),
        ["DELETE /v3/automations/sms/receipts/{receipt_rule_id}"] = ("/v3/automations/sms/receipts/5", async (c, a) => await c.DeleteReceiptRuleAsync(a, 5, default)),
    };

    public static TheoryData<string> DeliveryOperations() => new(DeliveryCalls.Keys);

    private ClickSendClient DeliveryClient() => new(_server.HttpClient("/v3/"), NullLogger<ClickSendClient>.Instance);

    [Theory]
    [MemberData(nameof(DeliveryOperations))]
    public async Task ClickSend_documented_delivery_answers_read_as_documented(string operation)
    {
        var example = ReceiptsExample(operation);
        _server.Answer(example.ToJsonString());

        var result = await DeliveryCalls[operation].Call(DeliveryClient(), new ClickSendAccount("user", "key"));

        AssertKeptAsSent(example, Serialize(result), operation);
        Assert.Equal(DeliveryCalls[operation].Path, _server.LastPath);
    }

    /// <summary>The history example's envelope is not its schema's (<c>status</c> for <c>http_code</c>, data a bare array): its items are read all the same.</summary>
    [Fact]
    public async Task ClickSend_documented_history_reads_as_documented_and_as_a_page()
    {
        var example = ReceiptsExample("GET /v3/sms/history");
        _server.Answer(example.ToJsonString());
        var items = await DeliveryClient().GetSmsHistoryAsync(new ClickSendAccount("user", "key"), "1EF11A95-31A2-6B70-A3E2-750B2DF4583F", default);
        AssertKeptAsSent(example["data"]!, Serialize(items), "GET /v3/sms/history");
        Assert.Equal("/v3/sms/history", _server.LastPath);

        // The schema's shape: data is a page whose data holds the items.
        var paged = new JsonObject { ["http_code"] = 200, ["data"] = new JsonObject { ["total"] = 1, ["data"] = example["data"]!.DeepClone() } };
        _server.Answer(paged.ToJsonString());
        var fromPage = await DeliveryClient().GetSmsHistoryAsync(new ClickSendAccount("user", "key"), "1EF11A95-31A2-6B70-A3E2-750B2DF4583F", default);
        AssertKeptAsSent(example["data"]!, Serialize(fromPage), "paged history");

        var status = SmsDeliveryStatus.FromHistory(Assert.Single(items));
        Assert.Equal((DeliveryState.Delivered, true, "201", "Message delivered to the handset"),
            (status.Status, status.Final, status.ProviderStatusCode, status.ProviderStatusText));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1715660441), status.SentAt);
        Assert.Equal("+61426729707", status.To);
    }

    /// <summary>The receipt examples: status_code a string in the view examples and an integer in the test receipt's; both read the same.</summary>
    [Theory]
    [InlineData("GET /v3/sms/receipts/{message_id}")]
    [InlineData("GET /v3/sms/receipts")]
    [InlineData("POST /v3/sms/receipts")]
    public void ClickSend_documented_receipts_read_into_the_shared_status(string operation)
    {
        var data = ReceiptsExample(operation)["data"]!;
        var item = data["data"] is JsonArray list ? list[0]! : data;
        var receipt = item.Deserialize(ClickSendJson.Default.ClickSendReceipt)!;

        var status = SmsDeliveryStatus.FromReceipt(receipt);

        Assert.Equal(DeliveryState.Delivered, status.Status);
        Assert.True(status.Final);
        Assert.Equal("201", status.ProviderStatusCode);
        Assert.Equal("Success: Message received on handset.", status.StatusReason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)item["timestamp_send"]!), status.SentAt);
        Assert.Null(status.ErrorCode);
    }

    private static readonly HashSet<string> ReceiptsDocumentedButNotCalled =
    [
        "GET /v3/sms/receipts", "POST /v3/sms/receipts", "PUT /v3/sms/receipts-read", "GET /v3/sms/inbound", "POST /v3/sms/inbound",
        "GET /v3/sms/inbound/{original_message_id}", "PUT /v3/sms/inbound-read", "PUT /v3/sms/inbound-read/{message_id}",
        "GET /v3/sms/history/export", "PUT /v3/sms-campaigns/{sms_campaign_id}/cancel", "PUT /v3/voice/{message_id}/cancel",
        "PUT /v3/voice/cancel-all", "GET /v3/automations/sms/inbound", "POST /v3/automations/sms/inbound",
        "DELETE /v3/automations/sms/inbound/{inbound_rule_id}", "GET /v3/automations/sms/inbound/{inbound_rule_id}",
        "PUT /v3/automations/sms/inbound/{inbound_rule_id}", "GET /v3/automations/sms/receipts", "PUT /v3/automations/sms/receipts/{receipt_rule_id}",
    ];

    /// <summary>
    /// Every example of the receipts reference is fed through the client above or named here as one the delivery status
    /// does not call (the inbound rules are the subset reference's, read by the other test; receipts are never listed or
    /// marked read, since that is account-global and would take them from other readers).
    /// </summary>
    [Fact]
    public void Every_documented_receipts_example_is_fed_through_the_client_or_named_as_not_called()
    {
        var reference = ReceiptsReference();
        var documented = new List<string>();
        foreach (var (path, methods) in reference["paths"]!.AsObject())
        {
            foreach (var (method, _) in methods!.AsObject())
            {
                var operation = $"{method.ToUpperInvariant()} {path}";
                if (TryExample(reference, operation, out _))
                {
                    documented.Add(operation);
                }
            }
        }

        Assert.Equal(documented.Order(StringComparer.Ordinal),
            DeliveryCalls.Keys.Append("GET /v3/sms/history").Concat(ReceiptsDocumentedButNotCalled).Order(StringComparer.Ordinal));
    }

    private static JsonObject ReceiptsReference() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SharedFolder, "reference", "clicksend-v3-openapi-receipts.json")))!.AsObject();

    private static JsonNode ReceiptsExample(string operation) =>
        TryExample(ReceiptsReference(), operation, out var example) ? example : throw new InvalidOperationException($"no documented example for {operation}");

    /// <summary>The example of the operation's 200 answer: on its schema, or on the component schema it refers to.</summary>
    private static bool TryExample(JsonObject reference, string operation, out JsonNode example)
    {
        example = null!;
        var (method, path) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)].ToLowerInvariant(), operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var schema = reference["paths"]?[path]?[method]?["responses"]?["200"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"]?.GetValue<string>() is { } pointer)
        {
            schema = reference["components"]!["schemas"]![pointer[(pointer.LastIndexOf('/') + 1)..]];
        }

        if (schema?["example"] is not { } found)
        {
            return false;
        }

        example = found.DeepClone();
        return true;
    }
}
