using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// Clients generated from the served documents by independent generators (Kiota, NSwag with each JSON library,
/// openapi-typescript with openapi-fetch) drive the app on its sandboxes: every send, list and create on each provider,
/// the upload in each form the document offers, a trigger subscription and its deletion, the delivery status of what it
/// sent (ClickSend's and SerwerSMS's, read typed once final), cancelling scheduled messages, the delivery receipt trigger's
/// subscription and deletion and the delivery report trigger's first poll, an idempotent replay whose header the client
/// reads, and a 400, a provider 4xx and a 422 whose members the client reads typed. Each driver
/// (tests/clients/) reports every scenario's status and a value it read from the typed answer.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class GeneratedClientsTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    /// <summary>Each scenario's status and the value its driver reads from the typed answer, the same for every client.</summary>
    private static readonly Dictionary<string, (int Status, JsonNode Value)> Expected = new()
    {
        ["SendSms"] = (200, 1),
        ["SendMms"] = (200, 1),
        ["SendVoice"] = (200, 1),
        ["SendFax"] = (200, 1),
        ["SendLetter"] = (200, 1),
        ["SendPostcard"] = (200, 1),
        ["SendSmsCampaign"] = (200, "SUCCESS"),
        ["SerwerSmsSendSms"] = (200, 1),
        ["CreateList"] = (200, "Generated clients"),
        ["GetContactLists"] = (200, "SUCCESS"),
        ["SerwerSmsCreateGroup"] = (200, true),
        ["SerwerSmsListGroups"] = (200, "Generated clients"),
        ["ClipsanAddOrUpdateLead"] = (200, "ok"),
        ["ClipsanListLeads"] = (200, "ok"),
        ["UploadFile.json"] = (201, "application/pdf"),
        ["UploadFile.multipart"] = (201, "application/pdf"),
        ["UploadFile.raw"] = (201, "application/pdf"),
        ["UploadMedia"] = (200, "SUCCESS"),
        ["SmsInboundAutomation"] = (201, true),
        ["DeleteSmsInboundAutomation"] = (200, true),
        ["GetSmsDeliveryStatus"] = (200, "delivered"),
        ["CancelAllScheduledSms"] = (200, 1),
        ["SmsDeliveryReceiptAutomation"] = (201, true),
        ["DeleteSmsDeliveryReceiptAutomation"] = (200, true),
        ["SerwerSmsListDeliveryReports"] = (200, true),
        ["SerwerSmsGetMessageStatus"] = (200, "delivered"),
        ["SerwerSmsCancelScheduledMessage"] = (200, true),
        ["SerwerSmsWhenDeliveryReportArrives"] = (202, true),
        ["IdempotentReplay"] = (200, true),
        ["ValidationProblem"] = (400, new JsonArray("messages[0].to")),
        ["ProviderProblem"] = (401, "ClickSend/401/traced"),
        ["AllRecipientsRejected"] = (422, "ClickSend/+61411110000/INVALID_RECIPIENT"),
    };

    /// <summary>Swagger 2.0 has one request body per operation: its upload is the multipart form, the JSON and raw forms are OpenAPI 3's.</summary>
    private static readonly string[] OnlyInOpenApi3 = ["UploadFile.json", "UploadFile.raw"];

    // The subscription is created and deleted at once; the callback only has to be an address the app accepts.
    protected override Dictionary<string, string?> Settings() => new(base.Settings()) { ["Webhooks:AllowLoopbackCallbacks"] = "true" };

    [Fact]
    public Task A_Kiota_client_from_the_OpenAPI_3_document_reaches_everything() => Drive(ClientGenerator.Kiota, Expected.Keys);

    [Theory]
    [InlineData("NewtonsoftJson")]
    [InlineData("SystemTextJson")]
    public Task An_NSwag_client_from_the_Swagger_2_document_reaches_everything(string jsonLibrary) =>
        Drive(ClientGenerator.NSwag(jsonLibrary), Expected.Keys.Except(OnlyInOpenApi3));

    [Fact]
    public Task An_openapi_typescript_client_from_the_OpenAPI_3_document_reaches_everything() => Drive(ClientGenerator.TypeScript, Expected.Keys);

    private async Task Drive(ClientGenerator generator, IEnumerable<string> scenarios)
    {
        // The campaign goes to the document's example list (428).
        Sandbox.AddExamples();
        // Deliveries come sooner than the sandboxes' defaults (1 and 5 seconds), so the drivers' polls for a final status are short.
        Sandbox.ClickSend.ReceiptDelay = TimeSpan.FromMilliseconds(200);
        Sandbox.SerwerSms.DeliveryDelay = TimeSpan.FromSeconds(1);
        await using var callback = await CallbackServer.StartAsync();
        var reports = (await generator.DriveAsync(App.Client, callback.Url)).ToDictionary(r => (string)r["scenario"]!);

        var failures = new List<string>();
        foreach (var scenario in scenarios)
        {
            var (status, value) = Expected[scenario];
            if (!reports.TryGetValue(scenario, out var report))
            {
                failures.Add($"{scenario}: not reported");
            }
            else if ((int)report["status"]! != status || !JsonNode.DeepEquals(report["value"], value))
            {
                failures.Add($"{scenario}: expected {status} {value.ToJsonString()}, got {report["status"]} {report["value"]?.ToJsonString() ?? "null"}");
            }
        }

        Assert.True(failures.Count == 0, $"{generator.Name}:\n{string.Join('\n', failures)}");
    }
}
