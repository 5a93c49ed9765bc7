using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox.ClickSend;

namespace MessagingConnectors.IntegrationTests;

/// <summary>Get SMS delivery status, Cancel scheduled SMS and Cancel all scheduled SMS, on the ClickSend sandbox.</summary>
[Collection(IntegrationGroup.Name)]
public sealed class ClickSendDeliveryStatusTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private async Task<HttpResponseMessage> Call(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Http.Json(json) };
        request.Headers.Authorization = Http.Basic("sandbox", "sandbox-api-key");
        return await App.Client.SendAsync(request);
    }

    private async Task<string> Send(string to, long? schedule = null, string? customString = null)
    {
        var message = new JsonObject { ["to"] = to, ["body"] = "Where is it?" };
        if (schedule is not null)
        {
            message["schedule"] = schedule;
        }

        if (customString is not null)
        {
            message["custom_string"] = customString;
        }

        var response = await Call(HttpMethod.Post, "api/clicksend/sms/send", new JsonObject { ["messages"] = new JsonArray(message) }.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.ReadJson())["data"]!["messages"]![0]!["message_id"]!;
    }

    private async Task<JsonNode> Status(string messageId)
    {
        var response = await Call(HttpMethod.Get, $"api/clicksend/sms/{messageId}/delivery-status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJson();
    }

    private static async Task<JsonNode> Eventually(Func<Task<JsonNode>> read, Func<JsonNode, bool> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "condition not met in time: " + value.ToJsonString());
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_sent_sms_reads_from_the_history_until_its_receipt_says_delivered()
    {
        Sandbox.ClickSend.ReceiptDelay = TimeSpan.FromSeconds(2);
        var id = await Send("+61411111111", customString: "order-1042");

        var before = await Status(id);
        Assert.Equal(("sent", false, "history", "200"), ((string?)before["status"], (bool)before["final"]!, (string?)before["source"], (string?)before["provider_status_code"]));
        Assert.Equal("+61411111111", (string?)before["to"]);
        Assert.Equal("order-1042", (string?)before["custom_string"]);
        Assert.EndsWith("+00:00", (string)before["sent_at"]!, StringComparison.Ordinal);

        var after = await Eventually(() => Status(id), s => (string?)s["source"] == "receipt");
        Assert.Equal(("delivered", true, "201", "Success: Message received on handset."),
            ((string?)after["status"], (bool)after["final"]!, (string?)after["provider_status_code"], (string?)after["status_reason"]));
        Assert.Equal(id, (string?)after["message_id"]);
        Assert.EndsWith("+00:00", (string)after["status_at"]!, StringComparison.Ordinal);
        Assert.Null(after["error_code"]);
    }

    [Fact]
    public async Task A_failed_sms_is_final_with_ClickSends_error()
    {
        Sandbox.ClickSend.ReceiptDelay = TimeSpan.FromMilliseconds(100);
        var id = await Send("+6141111" + ClickSendSandbox.FailingSuffix);

        var status = await Eventually(() => Status(id), s => (string?)s["source"] == "receipt");
        Assert.Equal(("failed", true, "301", "8", "Unknown subscriber"),
            ((string?)status["status"], (bool)status["final"]!, (string?)status["provider_status_code"], (string?)status["error_code"], (string?)status["error_text"]));
    }

    [Fact]
    public async Task A_message_ClickSend_does_not_know_is_a_404_and_a_malformed_id_a_400_naming_it()
    {
        var unknown = await Call(HttpMethod.Get, "api/clicksend/sms/0B5E8F3A-0000-0000-0000-000000000000/delivery-status");
        var problem = await unknown.AssertProblem(404);
        Assert.Equal(("No such message", "ClickSend"), ((string?)problem["title"], (string?)problem["provider"]));
        Assert.Single(Sandbox.Journal.For("ClickSend", "GET", "/sms/history"));

        await (await Call(HttpMethod.Get, "api/clicksend/sms/a%20b/delivery-status")).AssertValidationProblem("message_id");
        await (await Call(HttpMethod.Put, "api/clicksend/sms/x..y/cancel")).AssertValidationProblem("message_id");
        Assert.Single(Sandbox.Journal.For("ClickSend", "GET", "/sms/history"));
    }

    [Fact]
    public async Task A_scheduled_sms_is_cancelled_once_and_then_reads_cancelled()
    {
        var id = await Send("+61411111111", schedule: DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        Assert.Equal("scheduled", (string?)(await Status(id))["status"]);

        var cancelled = await Call(HttpMethod.Put, $"api/clicksend/sms/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.ReadJson();
        Assert.Equal((id, true, "Scheduled sms message has been cancelled."), ((string?)body["message_id"], (bool)body["cancelled"]!, (string?)body["response_msg"]));
        var status = await Status(id);
        Assert.Equal(("cancelled", true), ((string?)status["status"], (bool)status["final"]!));

        // ClickSend's refusal of what is no longer scheduled is passed through with its own status.
        var again = await (await Call(HttpMethod.Put, $"api/clicksend/sms/{id}/cancel")).AssertProblem(400);
        Assert.Equal(400, (int)again["providerStatus"]!);
    }

    [Fact]
    public async Task Cancel_all_cancels_the_scheduled_messages_of_one_custom_string_or_all_and_says_how_many()
    {
        var later = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var first = await Send("+61411111111", later, "batch-1");
        await Send("+61411111112", later, "batch-1");
        var other = await Send("+61411111113", later, "batch-2");

        var some = await (await Call(HttpMethod.Put, "api/clicksend/sms/cancel-all?custom_string=batch-1")).ReadJson();
        Assert.Equal((2, "batch-1"), ((int)some["count"]!, (string?)some["custom_string"]));
        Assert.Equal("""{"custom_string":"batch-1"}""", Sandbox.Journal.For("ClickSend", "PUT", "/sms/cancel-all").Single().Body);
        Assert.Equal("cancelled", (string?)(await Status(first))["status"]);
        Assert.Equal("scheduled", (string?)(await Status(other))["status"]);

        var rest = await (await Call(HttpMethod.Put, "api/clicksend/sms/cancel-all")).ReadJson();
        Assert.Equal(1, (int)rest["count"]!);
        Assert.Null(rest["custom_string"]);
        Assert.Equal("{}", Sandbox.Journal.For("ClickSend", "PUT", "/sms/cancel-all")[^1].Body);

        await (await Call(HttpMethod.Put, "api/clicksend/sms/cancel-all?custom_string=" + new string('x', 256))).AssertValidationProblem("custom_string");
    }
}
