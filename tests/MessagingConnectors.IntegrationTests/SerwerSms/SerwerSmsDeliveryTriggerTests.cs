using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.SerwerSms;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace MessagingConnectors.IntegrationTests.SerwerSms;

/// <summary>
/// "When a delivery report arrives" run the way Power Automate runs it, on a simulated clock that the app (its
/// TimeProvider) and the sandbox's SerwerSMS share, so reports can come hours and days after their message was queued.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class SerwerSmsDeliveryTriggerTests(Azurite azurite, ITestOutputHelper output) : SerwerSmsTestBase(azurite)
{
    private const string Trigger = "messages/reports/trigger";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(_clock);

    private async Task<(HttpStatusCode Status, string Next, JsonArray Batch)> Start(string query = "")
    {
        Sandbox.SerwerSms.Clock = _clock;
        return await Poll(Trigger + query);
    }

    private string Report(TimeSpan queuedAgo, TimeSpan? finalIn, string status = "delivered", string phone = "+48500600700", string? reason = null) =>
        Sandbox.SerwerSms.InjectReport(phone, _clock.GetUtcNow() - queuedAgo, finalIn is { } f ? _clock.GetUtcNow() + f : null, status, reason);

    private static List<string> Ids(JsonArray batch) => batch.Select(r => (string)r!["id"]!).ToList();

    [Fact]
    public async Task The_first_poll_starts_from_now_and_an_earlier_message_that_turns_final_later_is_delivered()
    {
        Sandbox.SerwerSms.Clock = _clock;
        Report(TimeSpan.FromHours(3), TimeSpan.FromHours(-2));
        var pendingThen = Report(TimeSpan.FromHours(5), TimeSpan.FromMinutes(30));
        var (first, next, _) = await Start();

        _clock.Advance(TimeSpan.FromMinutes(10));
        var (quiet, same, none) = await Poll(next);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var (status, after, batch) = await Poll(same);
        var (again, _, nothing) = await Poll(after);

        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal(HttpStatusCode.Accepted, quiet);
        Assert.Empty(none);
        Assert.Equal(HttpStatusCode.OK, status);
        var report = Assert.Single(batch)!;
        Assert.Equal(pendingThen, (string?)report["id"]);
        Assert.Equal("delivered", (string?)report["status"]);
        Assert.True((bool)report["final"]!);
        Assert.Equal(HttpStatusCode.Accepted, again);
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task A_message_sent_through_the_app_is_reported_once_when_delivered()
    {
        Sandbox.SerwerSms.DeliveryDelay = TimeSpan.FromMinutes(3);
        var (_, next, _) = await Start();
        var send = await Call(HttpMethod.Post, "messages/send", """{"phone":"+48500600700","text":"Hej","unique_id":"order-9"}""");
        var id = (string)(await send.ReadJson())["items"]![0]!["id"]!;

        var (before, same, _) = await Poll(next);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var (_, _, batch) = await Poll(same);

        Assert.Equal(HttpStatusCode.Accepted, before);
        var report = Assert.Single(batch)!;
        Assert.Equal(id, (string?)report["id"]);
    }

    [Fact]
    public async Task A_repeated_poll_of_the_same_location_gets_the_same_batch_and_next_location()
    {
        var (_, next, _) = await Start();
        Report(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(2));

        var (_, firstNext, first) = await Poll(next);
        Report(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var (_, secondNext, second) = await Poll(next);
        var (_, _, later) = await Poll(secondNext);

        Assert.Single(first);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(firstNext, secondNext);
        Assert.Single(later);
    }

    [Fact]
    public async Task A_report_72_hours_after_its_message_was_queued_is_still_delivered()
    {
        var (_, next, _) = await Start();
        var late = Report(TimeSpan.FromHours(71), TimeSpan.FromMinutes(50));
        _clock.Advance(TimeSpan.FromHours(1));

        var (_, _, batch) = await Poll(next);

        Assert.Equal([late], Ids(batch));
    }

    [Fact]
    public async Task Hundreds_of_reports_in_one_poll_are_read_across_pages_and_all_delivered()
    {
        var (_, next, _) = await Start();
        var ids = Enumerable.Range(0, 250).Select(i => Report(TimeSpan.FromMinutes(300 - i), TimeSpan.FromMinutes(1))).ToHashSet();
        _clock.Advance(TimeSpan.FromMinutes(2));

        var (_, _, batch) = await Poll(next);

        Assert.Equal(ids.Order(), Ids(batch).Order());
        Assert.True(Upstream.Count(u => u.Path.EndsWith("messages/reports.json", StringComparison.Ordinal)) >= 4, "the list was read page by page");
    }

    [Fact]
    public async Task Failures_only_and_phone_filter_the_reports()
    {
        var (_, next, _) = await Start("?failures_only=true&phone=%2B48500600701");
        Report(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), phone: "+48500600701");
        Report(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), "undelivered", phone: "+48500600702", reason: "wrong_number");
        var failed = Report(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), "undelivered", phone: "+48500600701", reason: "wrong_number");
        _clock.Advance(TimeSpan.FromMinutes(2));

        var (_, after, batch) = await Poll(next);

        Assert.Equal([failed], Ids(batch));
        Assert.Equal("failed", (string?)batch[0]!["status"]);
        Assert.Equal("The number is wrong.", (string?)batch[0]!["status_reason"]);
        Assert.Contains("failures_only=true", after, StringComparison.Ordinal);
        Assert.All(Upstream.Where(u => u.Path.EndsWith("messages/reports.json", StringComparison.Ordinal)),
            u => Assert.Equal("+48500600701", (string?)JsonNode.Parse(u.Body)!["phone"]));
    }

    [Fact]
    public async Task Every_change_delivers_each_status_of_a_message_once()
    {
        var (_, next, _) = await Start("?changes=all");
        var id = Report(TimeSpan.Zero, TimeSpan.FromMinutes(10));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var (_, after, sent) = await Poll(next);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var (_, last, delivered) = await Poll(after);
        var (again, _, _) = await Poll(last);

        Assert.Equal(("sent", false), ((string?)Assert.Single(sent)!["status"], (bool)sent[0]!["final"]!));
        Assert.Equal(("delivered", true), ((string?)Assert.Single(delivered)!["status"], (bool)delivered[0]!["final"]!));
        Assert.Equal(id, (string?)delivered[0]!["id"]);
        Assert.Equal(HttpStatusCode.Accepted, again);
    }

    [Fact]
    public async Task A_cursor_is_no_key_to_another_accounts_reports()
    {
        var (_, next, _) = await Start();
        var request = new HttpRequestMessage(HttpMethod.Get, next);
        request.Headers.Add("X-SerwerSMS-Token", "another-token");

        var response = await App.Client.SendAsync(request);

        await response.AssertValidationProblem("cursor");
    }

    /// <summary>
    /// A poller following the contract for three simulated days while a few hundred messages are queued (some before the
    /// flow started) and their reports come out of order, up to 48 hours late, some never: each final status arrives
    /// exactly once, none that was final before the flow started, and a repeated poll changes nothing.
    /// </summary>
    [Fact]
    public async Task Soak_reports_up_to_48_hours_late_and_out_of_order_each_arrive_exactly_once()
    {
        var random = new Random(20261207);
        var start = _clock.GetUtcNow();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var never = new HashSet<string>(StringComparer.Ordinal);
        Sandbox.SerwerSms.Clock = _clock;
        for (var i = 0; i < 400; i++)
        {
            // Queued from 2 hours before the flow started to 24 hours after; reported 0 to 48 hours later, or never.
            var queued = start + TimeSpan.FromMinutes(random.Next(-120, 24 * 60));
            var late = TimeSpan.FromMinutes(random.Next(0, 48 * 60));
            var final = random.Next(10) == 0 ? (DateTimeOffset?)null : queued + late;
            var status = random.Next(5) == 0 ? "undelivered" : "delivered";
            var id = Sandbox.SerwerSms.InjectReport("+48500600700", queued, final, status, status == "undelivered" ? "message_expired" : null);
            // A report final within a minute of the first poll may fall on either side of it: the test names only the clear cases.
            if (final > start + TimeSpan.FromMinutes(1))
            {
                expected.Add(id);
            }
            else if (final is null || final < start - TimeSpan.FromMinutes(1))
            {
                never.Add(id);
            }
        }

        var watch = Stopwatch.StartNew();
        var (_, next, _) = await Poll(Trigger);
        var delivered = new List<string>();
        var (polls, repeats) = (0, 0);
        while (_clock.GetUtcNow() < start + TimeSpan.FromHours(74))
        {
            _clock.Advance(TimeSpan.FromMinutes(random.Next(5, 30)));
            var (_, after, batch) = await Poll(next);
            polls++;
            if (random.Next(8) == 0)
            {
                var (_, repeatedNext, repeated) = await Poll(next);
                Assert.Equal(batch.ToJsonString(), repeated.ToJsonString());
                Assert.Equal(after, repeatedNext);
                repeats++;
            }

            delivered.AddRange(Ids(batch));
            next = after;
        }

        // The ledger forgets what SerwerSMS no longer lists: nothing queued before the look-back (and its hour of grace) is kept.
        var flow = ReportCursor.Decode(QueryHelpers.ParseQuery(new Uri(next).Query)["cursor"].ToString())!.Flow;
        var kept = await App.Services.GetRequiredService<ReportLedger>().EntriesAsync(flow, default);
        output.WriteLine($"{expected.Count + never.Count} messages, {polls} polls and {repeats} repeats over 74 simulated hours in " +
                         $"{watch.Elapsed.TotalSeconds:F1} s; {delivered.Count} reports delivered, {never.Count} never final or final before the flow; " +
                         $"{kept.Count} kept in the ledger at the end");
        Assert.DoesNotContain(kept, e => e.Queued < _clock.GetUtcNow() - SerwerSmsDeliveryApi.LookBack - TimeSpan.FromHours(1.5));
        Assert.True(kept.Count < delivered.Count, "the ledger forgot reports of messages queued before the look-back");
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.DoesNotContain(delivered, never.Contains);
        Assert.Empty(expected.Except(delivered));
    }
}
