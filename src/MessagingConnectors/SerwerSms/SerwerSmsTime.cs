using System.Globalization;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// SerwerSMS writes and filters times as local time without an offset ("2014-10-21 11:18:03", its documentation's
/// example and format for <c>date_from</c>/<c>date_to</c>). Its documents name no time zone; its servers, panel and
/// customers are in Poland, so the zone is taken to be Europe/Warsaw (CET, CEST in summer).
/// </summary>
public static class SerwerSmsTime
{
    public const string Format = "yyyy-MM-dd HH:mm:ss";

    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    public static bool TryParseLocal(string? text, out DateTime local) =>
        DateTime.TryParseExact(text?.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    /// <summary>
    /// An instant from a time SerwerSMS writes in an answer. Only its input form is documented; the output form of a
    /// report's <c>queued</c>, <c>sent</c> and <c>delivered</c> (and their zone) is not, so every reading the documents
    /// allow is taken: the documented form "2007-10-24 17:46:00" (and the same with a T) as Polish local time, as
    /// received messages are read, and ISO 8601 with an offset as that instant. Empty, absent and MySQL's zero date
    /// ("0000-00-00 00:00:00", what a not-yet-delivered message may carry) are no time.
    /// </summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.StartsWith("0000-00-00", StringComparison.Ordinal))
        {
            return false;
        }

        if (TryParseLocal(trimmed, out var local)
            || DateTime.TryParseExact(trimmed, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            instant = ToInstant(local);
            return true;
        }

        return Validation.IsoDateTimeAttribute.TryParse(trimmed, out instant);
    }

    public static string FormatLocal(DateTime local) => local.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The Polish local time of an instant, in whole seconds as SerwerSMS keeps times: a trigger cursor compares its
    /// own times with SerwerSMS's, so a fraction of a second would move its window off theirs.
    /// </summary>
    public static DateTime ToLocal(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Warsaw).DateTime;
        return new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
    }

    /// <summary>
    /// A Polish local time as an instant with its offset. The hour repeated when summer time ends is ambiguous; it is
    /// read as its first occurrence (summer time). A time skipped when summer time begins cannot occur; it is read as
    /// winter time.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Warsaw.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(local, Warsaw.GetAmbiguousTimeOffsets(local).Max());
        }

        return Warsaw.IsInvalidTime(local) ? new DateTimeOffset(local, Warsaw.BaseUtcOffset) : new DateTimeOffset(local, Warsaw.GetUtcOffset(local));
    }

    /// <summary>Whether local time repeats an hour anywhere within <paramref name="margin"/> of <paramref name="local"/>.</summary>
    public static bool NearRepeatedHour(DateTime local, TimeSpan margin)
    {
        for (var at = local - margin; at <= local + margin; at = at.AddMinutes(5))
        {
            if (Warsaw.IsAmbiguousTime(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)))
            {
                return true;
            }
        }

        return false;
    }
}
