using System.Globalization;
using MessagingConnectors.SerwerSms;

namespace MessagingConnectors.Tests.SerwerSms;

public class ReceivedCursorTests
{
    private static DateTime Local(string text) => DateTime.ParseExact(text, SerwerSmsTime.Format, CultureInfo.InvariantCulture);

    [Fact]
    public void A_cursor_survives_its_URL_form_with_every_entry()
    {
        var cursor = new ReceivedCursor(Local("2026-12-04 15:00:00"), [
            new("eco", 2477793, Local("2026-12-04 14:55:01")),
            new("mms", 323961872, Local("2026-12-04 15:00:00")),
            new("ndi", 1, Local("2026-12-04 15:00:03")),
        ]);

        var text = cursor.Encode();
        var decoded = ReceivedCursor.Decode(text)!;

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.Equal(cursor.Watermark, decoded.Watermark);
        Assert.Equal(cursor.Seen, decoded.Seen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("AQAAAAAAAAAAAQ")]
    public void Text_this_app_did_not_write_is_no_cursor(string text) => Assert.Null(ReceivedCursor.Decode(text));

    [Fact]
    public void The_next_cursor_moves_to_the_latest_delivered_and_forgets_what_left_the_look_back()
    {
        var cursor = new ReceivedCursor(Local("2026-12-04 15:00:00"), [
            new("eco", 1, Local("2026-12-04 14:49:59")),
            new("eco", 2, Local("2026-12-04 14:55:00")),
        ]);

        var next = cursor.After([new("eco", 3, Local("2026-12-04 15:02:00"))]);

        Assert.Equal(Local("2026-12-04 15:02:00"), next.Watermark);
        Assert.Equal([2L, 3L], next.Seen.Select(s => s.Id));
        Assert.True(next.HasSeen("eco", 2));
        Assert.False(next.HasSeen("nd", 2));
    }

    [Theory]
    [InlineData("2026-12-04 15:00:00", 10)]
    [InlineData("2026-10-25 01:30:00", 70)]
    [InlineData("2026-10-25 02:59:59", 70)]
    [InlineData("2026-10-25 04:30:00", 10)]
    [InlineData("2026-03-29 02:30:00", 10)]
    public void The_look_back_grows_by_the_repeated_hour_when_summer_time_ends(string watermark, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ReceivedCursor.LookBackAt(Local(watermark)));

    [Fact]
    public void A_message_of_the_second_pass_through_the_repeated_hour_is_inside_the_window()
    {
        // 02:55 of the first pass (summer time) delivered; then 02:10 of the second pass (winter time) arrives.
        var watermark = Local("2026-10-25 02:55:00");
        var secondPass = Local("2026-10-25 02:10:00");

        Assert.True(secondPass >= watermark - ReceivedCursor.LookBackAt(watermark));
    }

    [Theory]
    [InlineData("2026-07-01 12:18:03", "2026-07-01T12:18:03+02:00")]
    [InlineData("2026-12-24 09:30:00", "2026-12-24T09:30:00+01:00")]
    [InlineData("2026-10-25 02:30:00", "2026-10-25T02:30:00+02:00")]
    [InlineData("2026-03-29 02:30:00", "2026-03-29T02:30:00+01:00")]
    public void SerwerSMS_local_times_become_instants_with_their_offset(string local, string instant) =>
        Assert.Equal(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture), SerwerSmsTime.ToInstant(Local(local)));
}
