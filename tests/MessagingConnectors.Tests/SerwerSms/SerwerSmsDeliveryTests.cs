using MessagingConnectors.Delivery;
using MessagingConnectors.SerwerSms;

namespace MessagingConnectors.Tests.SerwerSms;

public class SerwerSmsDeliveryTests
{
    /// <summary>SerwerSMS's six report statuses (its PHP client's docblock) and what each is in the shared vocabulary.</summary>
    public static TheoryData<string, DeliveryState, bool> SerwerSmsRows() => new()
    {
        { "delivered", DeliveryState.Delivered, true },
        { "undelivered", DeliveryState.Failed, true },
        { "unsent", DeliveryState.Failed, true },
        { "sent", DeliveryState.Sent, false },
        { "in_progress", DeliveryState.Queued, false },
        { "saved", DeliveryState.Scheduled, false },
    };

    [Theory]
    [MemberData(nameof(SerwerSmsRows))]
    public void Each_SerwerSMS_status_reads_as_its_row_and_keeps_the_providers_word(string word, DeliveryState state, bool final)
    {
        var report = SerwerSmsDeliveryReport.From(new SerwerSmsReportItem { Id = "aca3944055", Status = word });

        Assert.Equal((state, final, word), (report.Status, report.Final, report.ProviderStatusCode));
        Assert.False(string.IsNullOrWhiteSpace(report.StatusReason));
    }

    /// <summary>The other way: each state of the vocabulary is reached from exactly the SerwerSMS words the rows give it (cancelled from none).</summary>
    [Fact]
    public void Each_state_comes_from_exactly_the_SerwerSMS_words_of_its_rows()
    {
        var rows = SerwerSmsRows().Select(r => ((string)r[0], (DeliveryState)r[1])).ToList();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            Assert.Equal(
                rows.Where(r => r.Item2 == state).Select(r => r.Item1).Order(StringComparer.Ordinal),
                DeliveryStatusMapping.SerwerSmsStatuses.Where(m => m.Value.State == state).Select(m => m.Key).Order(StringComparer.Ordinal));
        }

        Assert.Equal(rows.Count, DeliveryStatusMapping.SerwerSmsStatuses.Count);
    }

    [Fact]
    public void Every_SerwerSMS_reason_is_said_in_English_and_an_unknown_status_is_not_final()
    {
        foreach (var reason in DeliveryStatusMapping.SerwerSmsReasons.Keys)
        {
            var report = SerwerSmsDeliveryReport.From(new SerwerSmsReportItem { Id = "x", Status = "undelivered", Reason = reason });
            Assert.Equal(DeliveryStatusMapping.SerwerSmsReasons[reason], report.StatusReason);
            Assert.Equal(reason, report.Reason);
        }

        var unknown = SerwerSmsDeliveryReport.From(new SerwerSmsReportItem { Id = "x", Status = "lost_in_space" });
        Assert.False(unknown.Final);
        Assert.Contains("lost_in_space", unknown.StatusReason, StringComparison.Ordinal);
    }

    /// <summary>
    /// SerwerSMS does not document how it writes a report's times: its documented input form as Polish local time (with a
    /// space or a T), ISO 8601 with an offset, and no time at all (empty, MySQL's zero date) are each read.
    /// </summary>
    [Theory]
    [InlineData("2007-10-24 17:46:00", "2007-10-24T17:46:00+02:00")]
    [InlineData("2026-12-24 09:30:00", "2026-12-24T09:30:00+01:00")]
    [InlineData("2026-12-24T09:30:00", "2026-12-24T09:30:00+01:00")]
    [InlineData("2026-12-24T09:30:00+01:00", "2026-12-24T09:30:00+01:00")]
    [InlineData("2026-12-24T08:30:00Z", "2026-12-24T08:30:00+00:00")]
    [InlineData(" 2026-07-01 12:18:03 ", "2026-07-01T12:18:03+02:00")]
    [InlineData("0000-00-00 00:00:00", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("yesterday", null)]
    public void Every_reading_of_SerwerSMS_times_gives_its_instant(string? text, string? expected)
    {
        var read = SerwerSmsTime.TryParseInstant(text, out var instant);

        Assert.Equal(expected is not null, read);
        if (expected is not null)
        {
            var want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((want, want.Offset), (instant, instant.Offset));
        }
    }

    [Fact]
    public void A_report_cursor_survives_its_URL_form_and_stays_small()
    {
        var cursor = new ReportCursor(Guid.NewGuid(), 123456789);

        var text = cursor.Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.True(text.Length < 40, text);
        Assert.Equal(cursor, ReportCursor.Decode(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("AQ")]
    [InlineData("AgAAAAAAAAAAAAAAAAAAAAAB")]
    [InlineData("AQAAAAAAAAAAAAAAAAAAAAAA")]
    public void Text_this_trigger_did_not_write_is_no_report_cursor(string text) => Assert.Null(ReportCursor.Decode(text));
}
