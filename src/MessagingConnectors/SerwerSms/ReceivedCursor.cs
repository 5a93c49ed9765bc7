using System.Buffers.Binary;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// Where the "When an SMS is received" trigger stands, carried in the Location URL of each poll (so a poll that the
/// platform repeats gets the same answer: the cursor is never changed in place).
/// <para>
/// <see cref="Watermark"/> is the latest receive time delivered, in SerwerSMS's own local time, the time it filters on.
/// Each poll asks SerwerSMS for everything received since the watermark less a look-back, and leaves out what
/// <see cref="Seen"/> holds: every message already delivered (or, on the first poll, already there) whose time lies in
/// that look-back. So a message that appears in SerwerSMS's list up to a look-back later than the time it carries is
/// still found, several messages of one second are told apart by their ids, and none is delivered twice.
/// </para>
/// </summary>
public sealed record ReceivedCursor(DateTime Watermark, IReadOnlyList<ReceivedCursor.Entry> Seen)
{
    /// <summary>How late a message may appear in SerwerSMS's list after the time it carries and still be delivered.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Near the hour Polish local time repeats (summer time ending), times run backwards by an hour: the look-back grows by
    /// that hour, so messages of the second pass through the hour are not mistaken for old ones.
    /// </summary>
    public static TimeSpan LookBackAt(DateTime watermark) =>
        SerwerSmsTime.NearRepeatedHour(watermark, TimeSpan.FromMinutes(70)) ? LookBack + TimeSpan.FromHours(1) : LookBack;

    /// <summary>A message already delivered: its type (ids are unique within a type only), id and local receive time.</summary>
    public readonly record struct Entry(string Type, long Id, DateTime Received);

    private const byte Version = 1;
    private static readonly string[] Types = ["", "eco", "nd", "ndi", "mms", "pre"];
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public bool HasSeen(string type, long id) => Seen.Any(s => s.Id == id && s.Type == type);

    /// <summary>The seen messages as a set, for checking every listed message of a poll at once.</summary>
    public HashSet<(string Type, long Id)> SeenIds() => Seen.Select(s => (s.Type, s.Id)).ToHashSet();

    /// <summary>The next cursor: the watermark moved to the latest of <paramref name="delivered"/>, old entries dropped.</summary>
    public ReceivedCursor After(IEnumerable<Entry> delivered)
    {
        var all = Seen.Concat(delivered).ToList();
        var watermark = all.Count == 0 ? Watermark : new DateTime(Math.Max(Watermark.Ticks, all.Max(e => e.Received.Ticks)), DateTimeKind.Unspecified);
        var from = watermark - LookBackAt(watermark);
        return new ReceivedCursor(watermark, all.Where(e => e.Received >= from).DistinctBy(e => (e.Type, e.Id)).ToList());
    }

    /// <summary>Compact, URL-safe: a version byte, the watermark in seconds since 2000, then per entry its type, id and age.</summary>
    public string Encode()
    {
        var bytes = new List<byte> { Version };
        var watermark = (long)(Watermark - Epoch).TotalSeconds;
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(eight, watermark);
        bytes.AddRange(eight.ToArray());
        SerwerSmsPolling.WriteVarint(bytes, (ulong)Seen.Count);
        foreach (var entry in Seen)
        {
            bytes.Add((byte)Math.Max(0, Array.IndexOf(Types, entry.Type)));
            SerwerSmsPolling.WriteVarint(bytes, (ulong)entry.Id);
            var age = watermark - (long)(entry.Received - Epoch).TotalSeconds;
            SerwerSmsPolling.WriteVarint(bytes, (ulong)((age << 1) ^ (age >> 63)));
        }

        return SerwerSmsPolling.ToText(bytes);
    }

    /// <summary>The cursor a Location URL carried, or null when the text is not one this app wrote.</summary>
    public static ReceivedCursor? Decode(string text)
    {
        try
        {
            var bytes = SerwerSmsPolling.FromText(text);
            if (bytes is null || bytes.Length < 9 || bytes[0] != Version)
            {
                return null;
            }

            var watermark = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1, 8));
            var at = 9;
            var count = SerwerSmsPolling.ReadVarint(bytes, ref at);
            var seen = new List<Entry>();
            for (ulong i = 0; i < count; i++)
            {
                var type = bytes[at++];
                var id = (long)SerwerSmsPolling.ReadVarint(bytes, ref at);
                var zigzag = SerwerSmsPolling.ReadVarint(bytes, ref at);
                var age = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
                if (type >= Types.Length || type == 0)
                {
                    return null;
                }

                seen.Add(new Entry(Types[type], id, Epoch.AddSeconds(watermark - age)));
            }

            return at == bytes.Length ? new ReceivedCursor(Epoch.AddSeconds(watermark), seen) : null;
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
