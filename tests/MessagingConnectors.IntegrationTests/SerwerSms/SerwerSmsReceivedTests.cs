using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

/// <summary>
/// Received messages: the list action, and the polling trigger run the way Power Automate runs it (poll, follow the
/// Location after the Retry-After, start a run per item of a 200), against the sandbox's SerwerSMS inbox.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class SerwerSmsReceivedTests(Azurite azurite, ITestOutputHelper output) : SerwerSmsTestBase(azurite)
{
    private const string Trigger = "messages/received/trigger";

    private long Inject(string text, DateTimeOffset at, string type = "eco", string phone = "+48500600700") =>
        Sandbox.SerwerSms.InjectReceived(type, phone, text, at);

    [Fact]
    public async Task List_received_messages_filters_and_converts_the_local_time_to_ISO_8601_with_its_offset()
    {
        var id = Inject("Przyjadę o 16", DateTimeOffset.Parse("2026-07-01T10:18:03Z", System.Globalization.CultureInfo.InvariantCulture));
        Inject("other type", DateTimeOffset.UtcNow, type: "nd");

        var response = await Call(HttpMethod.Get, "messages/received?type=eco&phone=500600700&order=desc&page=1&limit=10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upstream = AssertSingleUpstream("messages/recived", """{"type":"eco","phone":"+48500600700","order":"desc","page":1,"limit":10}""");
        Assert.DoesNotContain("\"read\"", upstream.Body, StringComparison.Ordinal);
        var message = Assert.Single((await response.ReadJson())["items"]!.AsArray())!;
        Assert.Equal(id, (long)message["id"]!);
        Assert.Equal("2026-07-01T12:18:03+02:00", (string?)message["received_at"]);
        Assert.Equal("Przyjadę o 16", (string?)message["text"]);
        Assert.Equal("+48500600700", (string?)message["phone"]);
    }

    [Fact]
    public async Task SerwerSMS_answering_no_messages_with_its_error_3330_is_an_empty_list()
    {
        Sandbox.SerwerSms.FailNext(3330, "MessageError", "Brak wiadomości");

        var response = await Call(HttpMethod.Get, "messages/received?type=eco");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.ReadJson())["items"]!.AsArray());
    }

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", "2026-03-29T01:59:59+01:00")]
    [InlineData("2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00")]
    [InlineData("2026-10-25T00:59:59Z", "2026-10-25T02:59:59+02:00")]
    [InlineData("2026-10-25T02:00:00Z", "2026-10-25T03:00:00+01:00")]
    [InlineData("2026-12-24T08:30:00Z", "2026-12-24T09:30:00+01:00")]
    public async Task Received_times_are_converted_across_the_daylight_saving_changes(string at, string expected)
    {
        Inject("dst", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        var message = (await (await Call(HttpMethod.Get, "messages/received?type=eco")).ReadJson())["items"]![0]!;

        Assert.Equal(expected, (string?)message["received_at"]);
        Assert.Equal(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)message["received_at"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Dates_filter_in_SerwerSMS_local_time_and_reading_marks_only_when_asked()
    {
        var response = await Call(HttpMethod.Get, "messages/received?type=ndi&date_from=2026-07-01T10:00:00Z&date_to=2026-12-24T09:30:00%2B01:00&read=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSingleUpstream("messages/recived", """{"type":"ndi","date_from":"2026-07-01 12:00:00","date_to":"2026-12-24 09:30:00","read":true}""");
    }

    [Theory]
    [InlineData("messages/received", "type")]
    [InlineData("messages/received?type=sms", "type")]
    [InlineData("messages/received?type=eco&date_from=yesterday", "date_from")]
    [InlineData("messages/received?type=eco&read=yes", "read")]
    [InlineData("messages/received?type=eco&order=up", "order")]
    [InlineData("messages/received?type=eco&phone=12", "phone")]
    [InlineData(Trigger, "type")]
    [InlineData(Trigger + "?type=eco&cursor=not-a-cursor", "cursor")]
    public async Task Bad_filters_are_a_400_naming_the_field(string path, string field)
    {
        await (await Call(HttpMethod.Get, path)).AssertValidationProblem(field);
        Assert.Empty(Upstream);
    }

    [Fact]
    public async Task An_empty_poll_answers_202_with_the_next_location_and_retry_after()
    {
        var (first, next, _) = await Poll(Trigger + "?type=eco");
        var (second, after, batch) = await Poll(next);

        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal(HttpStatusCode.Accepted, second);
        Assert.Empty(batch);
        Assert.StartsWith(new Uri(App.BaseAddress, "api/serwersms/" + Trigger).ToString() + "?type=eco&cursor=", after, StringComparison.Ordinal);
        Assert.All(Upstream, u => Assert.DoesNotContain("\"read\"", u.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_poll_starts_from_now_and_later_polls_deliver_each_new_message_once()
    {
        Inject("before the flow existed", DateTimeOffset.UtcNow.AddMinutes(-1));
        Inject("long before", DateTimeOffset.UtcNow.AddDays(-3));
        var (_, next, _) = await Poll(Trigger + "?type=eco");

        var id = Inject("after the flow started", DateTimeOffset.UtcNow);
        Inject("another type", DateTimeOffset.UtcNow, type: "ndi");
        var (status, after, batch) = await Poll(next);
        var (again, _, none) = await Poll(after);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, (long)Assert.Single(batch)!["id"]!);
        Assert.Equal(HttpStatusCode.Accepted, again);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_repeated_poll_of_the_same_location_gets_the_same_batch()
    {
        var (_, next, _) = await Poll(Trigger + "?type=eco");
        Inject("one", DateTimeOffset.UtcNow);

        var (_, firstNext, first) = await Poll(next);
        var (_, secondNext, second) = await Poll(next);

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(firstNext, secondNext);
    }

    [Fact]
    public async Task Several_messages_of_one_second_are_each_delivered()
    {
        var (_, next, _) = await Poll(Trigger + "?type=eco");
        var second = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var ids = Enumerable.Range(0, 5).Select(i => Inject($"same second {i}", second)).ToList();

        var (_, after, batch) = await Poll(next);
        var late = Inject("same second, listed later", second);
        var (_, _, more) = await Poll(after);

        Assert.Equal(ids, batch.Select(m => (long)m!["id"]!));
        Assert.Equal(late, (long)Assert.Single(more)!["id"]!);
    }

    [Fact]
    public async Task A_message_listed_minutes_after_the_time_it_carries_is_still_delivered()
    {
        var (_, next, _) = await Poll(Trigger + "?type=eco");
        Inject("on time", DateTimeOffset.UtcNow);
        var (_, after, _) = await Poll(next);

        var late = Inject("late by four minutes", DateTimeOffset.UtcNow.AddMinutes(-4));
        var (status, _, batch) = await Poll(after);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(late, (long)Assert.Single(batch)!["id"]!);
    }

    [Fact]
    public async Task The_trigger_filters_by_sender_and_ndi_number()
    {
        var (_, next, _) = await Poll(Trigger + "?type=ndi&phone=%2B48500600701&ndi=%2B48600700800");
        Sandbox.SerwerSms.InjectReceived("ndi", "+48500600701", "to another number", DateTimeOffset.UtcNow, ndi: "+48600700900");
        Sandbox.SerwerSms.InjectReceived("ndi", "+48500600702", "from someone else", DateTimeOffset.UtcNow, ndi: "+48600700800");
        var id = Sandbox.SerwerSms.InjectReceived("ndi", "+48500600701", "this one", DateTimeOffset.UtcNow, ndi: "+48600700800");

        var (_, _, batch) = await Poll(next);

        Assert.Equal(id, (long)Assert.Single(batch)!["id"]!);
    }

    [Fact]
    public async Task An_mms_arrives_with_its_title_number_and_attachment()
    {
        var (_, next, _) = await Poll(Trigger + "?type=mms");
        var jpeg = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);
        Sandbox.SerwerSms.InjectReceived("mms", "+48500600700", "Zdjęcie", DateTimeOffset.UtcNow, toNumber: "+48600700800", title: "Wakacje",
            attachments: [new JsonObject { ["id"] = 9, ["name"] = "plaza.jpg", ["content_type"] = "image/jpeg", ["data"] = jpeg }]);

        var (_, _, batch) = await Poll(next);

        var mms = Assert.Single(batch)!;
        Assert.Equal("mms", (string?)mms["type"]);
        Assert.Equal("Wakacje", (string?)mms["title"]);
        Assert.Equal("+48600700800", (string?)mms["to_number"]);
        var attachment = Assert.Single(mms["attachments"]!.AsArray())!;
        Assert.Equal("plaza.jpg", (string?)attachment["name"]);
        Assert.Equal("image/jpeg", (string?)attachment["content_type"]);
        Assert.Equal(jpeg, (string?)attachment["data"]);
    }

    /// <summary>
    /// A poller following the contract while a few hundred messages arrive at random, some minutes late, some in the
    /// same second: every message arrives exactly once.
    /// </summary>
    [Fact]
    public async Task Soak_every_message_injected_while_polling_arrives_exactly_once()
    {
        var (_, next, _) = await Poll(Trigger + "?type=eco");
        var injected = new List<long>();
        var delivered = new List<long>();
        var random = new Random(20261204);
        var polls = 0;
        using var stop = new CancellationTokenSource();

        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (_, location, batch) = await Poll(next);
                lock (delivered)
                {
                    delivered.AddRange(batch.Select(m => (long)m!["id"]!));
                }

                next = location;
                polls++;
                await Task.Delay(Random.Shared.Next(0, 40));
            }
        });

        var shared = DateTimeOffset.UtcNow;
        for (var i = 0; i < 300; i++)
        {
            var at = random.Next(4) switch
            {
                0 => shared, // many in one second
                1 => DateTimeOffset.UtcNow.AddSeconds(-random.Next(60, 300)), // listed up to five minutes late
                _ => DateTimeOffset.UtcNow,
            };
            injected.Add(Inject($"soak {i}", at));
            if (i % 25 == 0)
            {
                shared = DateTimeOffset.UtcNow;
            }

            await Task.Delay(random.Next(0, 8));
        }

        await stop.CancelAsync();
        await poller;
        var (_, _, rest) = await Poll(next);
        delivered.AddRange(rest.Select(m => (long)m!["id"]!));

        output.WriteLine($"{injected.Count} messages injected, {polls} polls, {delivered.Count} delivered");
        Assert.Equal(injected.Order(), delivered.Order());
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
    }
}
