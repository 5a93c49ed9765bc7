using System.Globalization;
using MessagingConnectors.Providers;
using MessagingConnectors.Webhooks;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// What both SerwerSMS polling triggers ("When an SMS is received", "When a delivery report arrives") share: Power
/// Automate's polling contract (202 with Location and Retry-After while nothing is new, 200 with the batch and the next
/// Location), reading a SerwerSMS list page by page within one poll's budget, and a cursor's compact URL-safe text.
/// </summary>
internal static class SerwerSmsPolling
{
    /// <summary>How long Power Automate waits between polls while nothing new has arrived.</summary>
    public const int PollSeconds = 60;

    /// <summary>SerwerSMS's documents and clients give no default or largest <c>limit</c>; 100 is what its other lists take here.</summary>
    public const int PageSize = 100;

    /// <summary>Marks a polling trigger: its item schema and hint for the document, its 202 while nothing is new, its 400.</summary>
    public static RouteHandlerBuilder PollsFor<TItem>(this RouteHandlerBuilder trigger, string hint) =>
        trigger.WithMetadata(new PollingTriggerMetadata(typeof(TItem), hint))
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

    /// <summary>
    /// Every item of a SerwerSMS list, oldest first, page by page, at most <paramref name="maxPages"/> pages; Complete is
    /// false when pages were left unread.
    /// </summary>
    public static async Task<(List<T> Items, bool Complete)> FetchPagesAsync<T>(Func<Paging, Task<(IReadOnlyList<T> Items, SerwerSmsPaging? Paging)>> read,
        int maxPages)
    {
        var items = new List<T>();
        for (var page = 1; page <= maxPages; page++)
        {
            var (listed, paging) = await read(new Paging(page, PageSize));
            items.AddRange(listed);
            if (listed.Count == 0 || paging is not { Count: { } pages } || page >= pages)
            {
                return (items, true);
            }
        }

        return (items, false);
    }

    /// <summary>The next poll's Location (the trigger's own path with its filters and cursor) and Retry-After.</summary>
    public static void SetNextPoll(HttpContext context, WebhookOptions webhooks, string path, IEnumerable<KeyValuePair<string, string?>> query)
    {
        context.Response.Headers.Location = webhooks.PublicBase(context) + path + QueryString.Create(query.Where(p => p.Value is not null));
        context.Response.Headers.RetryAfter = PollSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Cursor bytes as URL-safe text: base64url without padding.</summary>
    public static string ToText(IEnumerable<byte> bytes) =>
        Convert.ToBase64String(bytes.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The bytes of <see cref="ToText"/>, or null when the text is not base64url.</summary>
    public static byte[]? FromText(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        try
        {
            return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static void WriteVarint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }

    public static ulong ReadVarint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("varint too long");
    }
}
