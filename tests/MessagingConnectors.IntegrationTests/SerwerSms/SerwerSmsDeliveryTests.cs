using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

/// <summary>
/// Delivery status actions against the sandbox's SerwerSMS: send with unique ids, look a message up by either id, list
/// reports with every filter, cancel a scheduled message; each asserts the exact upstream call.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class SerwerSmsDeliveryTests(Azurite azurite) : SerwerSmsTestBase(azurite)
{
    private async Task<JsonArray> Send(string json)
    {
        var response = await Call(HttpMethod.Post, "messages/send", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJson())["items"]!.AsArray();
    }

    [Fact]
    public async Task Send_answers_each_message_with_its_id_and_the_callers_unique_id()
    {
        var items = await Send("""{"phone":["+48500600701","+48500600702"],"text":"Hej","unique_id":["order-1","order-2"]}""");

        var upstream = JsonNode.Parse(Assert.Single(Upstream).Body)!;
        Assert.Equal("""["order-1","order-2"]""", upstream["unique_id"]!.ToJsonString());
        Assert.Equal(["order-1", "order-2"], items.Select(i => (string?)i!["unique_id"]));
        Assert.All(items, i => Assert.Matches("^[0-9a-f]{10}$", (string?)i!["id"]));
    }

    [Fact]
    public async Task Status_by_id_reads_messages_view_and_maps_delivered_with_its_times()
    {
        Sandbox.SerwerSms.DeliveryDelay = TimeSpan.Zero;
        var id = (string)(await Send("""{"phone":"+48500600700","text":"Hej"}"""))[0]!["id"]!;
        Sandbox.Journal.Clear();

        var response = await Call(HttpMethod.Get, "messages/status?id=" + id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/view", $$"""{"id":"{{id}}"}""");
        var status = await response.ReadJson();
        Assert.Equal("delivered", (string?)status["status"]);
        Assert.True((bool)status["final"]!);
        Assert.Equal("delivered", (string?)status["provider_status_code"]);
        Assert.Equal("Delivered to the handset.", (string?)status["status_reason"]);
        Assert.Matches(@"[+-]0[12]:00$", (string?)status["delivered_at"]);
        Assert.Equal(id, (string?)status["id"]);
    }

    [Fact]
    public async Task Status_by_unique_id_reads_messages_reports_and_an_undelivered_message_is_failed_with_its_reason()
    {
        Sandbox.SerwerSms.DeliveryDelay = TimeSpan.Zero;
        await Send("""{"phone":"+48500600001","text":"Hej","unique_id":"invoice-7"}""");
        Sandbox.Journal.Clear();

        var response = await Call(HttpMethod.Get, "messages/status?unique_id=invoice-7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/reports", """{"unique_id":"invoice-7","page":1,"limit":1}""");
        var status = await response.ReadJson();
        Assert.Equal("failed", (string?)status["status"]);
        Assert.True((bool)status["final"]!);
        Assert.Equal("message_expired", (string?)status["reason"]);
        Assert.Equal("The message expired before it could be delivered.", (string?)status["status_reason"]);
        Assert.Equal("invoice-7", (string?)status["unique_id"]);
    }

    [Fact]
    public async Task A_message_not_yet_reported_is_sent_and_not_final()
    {
        var id = (string)(await Send("""{"phone":"+48500600002","text":"Hej"}"""))[0]!["id"]!;

        var status = await (await Call(HttpMethod.Get, "messages/status?id=" + id)).ReadJson();

        Assert.Equal("sent", (string?)status["status"]);
        Assert.False((bool)status["final"]!);
        Assert.Null(status["delivered_at"]);
    }

    [Fact]
    public async Task Unknown_ids_are_SerwerSMS_404s()
    {
        foreach (var query in new[] { "id=abcdef0123", "unique_id=nobody" })
        {
            var response = await Call(HttpMethod.Get, "messages/status?" + query);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("SerwerSMS", (string?)(await response.ReadJson())["provider"]);
        }
    }

    /// <summary>SerwerSMS does not document how it writes a report's times: each reading gives the same instant.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Report_times_read_the_same_whether_SerwerSMS_writes_local_time_or_ISO_8601(bool iso)
    {
        Sandbox.SerwerSms.IsoTimes = iso;
        var queued = DateTimeOffset.Parse("2026-07-01T10:18:03Z", CultureInfo.InvariantCulture);
        Sandbox.SerwerSms.InjectReport("+48500600700", queued, queued.AddMinutes(1), uniqueId: "times");

        var report = (await (await Call(HttpMethod.Get, "messages/reports?unique_id=times")).ReadJson())["items"]![0]!;

        Assert.Equal("2026-07-01T12:18:03+02:00", (string?)report["queued_at"]);
        Assert.Equal("2026-07-01T12:19:03+02:00", (string?)report["delivered_at"]);
    }

    [Fact]
    public async Task List_delivery_reports_sends_every_filter_with_times_in_Polish_local_time()
    {
        var response = await Call(HttpMethod.Get, "messages/reports?phone=500600700&id=aca3944055,aca3944056&unique_id=a,b&status=undelivered" +
                                                  "&type=full&date_from=2026-07-01T10:00:00Z&date_to=2026-12-24T09:30:00%2B01:00&order=desc&show_contact=true&page=2&limit=50");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/reports", """
            {"phone":"+48500600700","id":["aca3944055","aca3944056"],"unique_id":["a","b"],"status":"undelivered","type":"full",
             "date_from":"2026-07-01 12:00:00","date_to":"2026-12-24 09:30:00","show_contact":true,"order":"desc","page":2,"limit":50}
            """);
    }

    [Fact]
    public async Task Cancel_deletes_a_scheduled_message_and_reports_false_for_one_already_sent()
    {
        var at = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        var scheduled = (string)(await Send($$"""{"phone":"+48500600700","text":"Jutro","date":"{{at}}","unique_id":"later"}"""))[0]!["id"]!;
        var sent = (string)(await Send("""{"phone":"+48500600700","text":"Teraz"}"""))[0]!["id"]!;
        Assert.Equal("scheduled", (string?)(await (await Call(HttpMethod.Get, "messages/status?id=" + scheduled)).ReadJson())["status"]);
        Sandbox.Journal.Clear();

        var cancelled = await Call(HttpMethod.Post, "messages/cancel", """{"unique_id":"later"}""");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        AssertSingleUpstream("messages/delete", """{"unique_id":"later"}""");
        Assert.True((bool)(await cancelled.ReadJson())["success"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await Call(HttpMethod.Get, "messages/status?id=" + scheduled)).StatusCode);
        var tooLate = await Call(HttpMethod.Post, "messages/cancel", $$"""{"id":["{{sent}}"]}""");
        Assert.False((bool)(await tooLate.ReadJson())["success"]!);
    }

    /// <summary>The sandbox's command (README's sandbox table): a report for a message it sent, and one for a message it adds.</summary>
    [Fact]
    public async Task The_sandbox_command_gives_a_sent_message_its_report_and_adds_a_late_one()
    {
        var id = (string)(await Send("""{"phone":"+48500600002","text":"Hej"}"""))[0]!["id"]!;
        using var sandbox = new HttpClient { BaseAddress = Sandbox.BaseAddress };

        var set = await sandbox.PostAsync("_sandbox/serwersms/reports", Http.Json($$"""{"id":"{{id}}","status":"undelivered","reason":"wrong_number"}"""));
        var added = await sandbox.PostAsync("_sandbox/serwersms/reports",
            Http.Json("""{"phone":"+48500600703","queued":"2026-12-04T10:00:00Z","time":"2026-12-05T10:00:00Z","unique_id":"late"}"""));
        var unknown = await sandbox.PostAsync("_sandbox/serwersms/reports", Http.Json("""{"id":"nosuchid01"}"""));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var failed = await (await Call(HttpMethod.Get, "messages/status?id=" + id)).ReadJson();
        Assert.Equal(("failed", "wrong_number"), ((string?)failed["status"], (string?)failed["reason"]));
        var late = await (await Call(HttpMethod.Get, "messages/status?unique_id=late")).ReadJson();
        Assert.Equal(("delivered", "2026-12-04T11:00:00+01:00", "2026-12-05T11:00:00+01:00"),
            ((string?)late["status"], (string?)late["queued_at"], (string?)late["delivered_at"]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("GET", "messages/status", null, "id")]
    [InlineData("GET", "messages/status?id=aca3944055&unique_id=x", null, "unique_id")]
    [InlineData("GET", "messages/status?id=not%20an%20id", null, "id")]
    [InlineData("GET", "messages/reports?status=lost", null, "status")]
    [InlineData("GET", "messages/reports?type=sms", null, "type")]
    [InlineData("GET", "messages/reports?date_from=2026-07-01%2010:00:00", null, "date_from")]
    [InlineData("GET", "messages/reports?id=a,,b", null, "id")]
    [InlineData("GET", "messages/reports?phone=12", null, "phone")]
    [InlineData("POST", "messages/cancel", "{}", "id")]
    [InlineData("POST", "messages/cancel", """{"id":"no way"}""", "id")]
    [InlineData("POST", "messages/send", """{"phone":["+48500600701","+48500600702"],"text":"x","unique_id":["a","b","c"]}""", "unique_id")]
    [InlineData("GET", "messages/reports/trigger?changes=some", null, "changes")]
    [InlineData("GET", "messages/reports/trigger?cursor=not-a-cursor", null, "cursor")]
    public async Task Bad_input_is_a_400_naming_the_field(string method, string path, string? json, string field)
    {
        await (await Call(new HttpMethod(method), path, json)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task More_than_500_ids_are_refused_before_SerwerSMS_is_called_and_500_are_sent_as_an_array()
    {
        var ids = string.Join(',', Enumerable.Range(0, 501).Select(i => "id" + i.ToString(CultureInfo.InvariantCulture)));

        await (await Call(HttpMethod.Get, "messages/reports?id=" + ids)).AssertValidationProblem("id");
        Assert.Empty(Upstream);
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Get, "messages/reports?id=" + ids[..ids.LastIndexOf(',')])).StatusCode);
        Assert.Equal(500, JsonNode.Parse(Assert.Single(Upstream).Body)!["id"]!.AsArray().Count);
    }
}
