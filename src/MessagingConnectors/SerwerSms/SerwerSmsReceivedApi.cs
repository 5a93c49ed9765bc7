using System.Globalization;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using MessagingConnectors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// The messages a SerwerSMS account receives (<c>messages/recived</c>, sic): a list action, and the polling trigger
/// "When an SMS is received" that follows Power Automate's polling contract (202 with Location and Retry-After while
/// nothing is new, 200 with the new messages and the next Location). Neither marks messages as read unless the list
/// action is asked to: SerwerSMS stops returning a message once it is marked.
/// </summary>
public static class SerwerSmsReceivedApi
{
    public const string TriggerPath = "/api/serwersms/messages/received/trigger";

    /// <summary>Pages of <see cref="SerwerSmsPolling.PageSize"/> one poll reads at most; what is left is read by the next poll.</summary>
    private const int MaxPagesPerPoll = 20;


    public static RouteGroupBuilder MapSerwerSmsReceived(this RouteGroupBuilder group)
    {
        group.MapGet("/messages/received", ListReceived)
            .Validates<SerwerSmsReceivedSelection>()
            .Validates<SerwerSmsReceivedQuery>()
            .Validates<SerwerSmsPageQuery>()
            .WithName("SerwerSmsListReceivedMessages")
            .WithSummary("List received messages")
            .WithDescription("Lists the messages the account received (replies to ECO SMS, messages to its ND or NDI numbers, MMS), " +
                             "filtered by type, sender, NDI number and time, paged. Each has its time as ISO 8601 with its offset. " +
                             "Messages are marked as read only when Mark As Read is true, after which SerwerSMS no longer lists them.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapGet("/messages/received/trigger", PollReceived)
            .Validates<SerwerSmsReceivedSelection>()
            .Validates<SerwerSmsReceivedCursor>()
            .WithName("SerwerSmsWhenSmsReceived")
            .WithSummary("When an SMS is received")
            .WithDescription("Starts a flow for each message the account receives from now on (of the chosen type, optionally only from " +
                             "one sender or to one NDI number). Each message starts one run, none twice; messages are not marked as read.")
            .PollsFor<SerwerSmsReceivedMessage>("Send an SMS to your SerwerSMS number, or reply to an ECO SMS, and wait for the next poll.");
        return group;
    }

    internal static async Task<Ok<SerwerSmsReceivedList>> ListReceived(
        [AsParameters] SerwerSmsReceivedSelection selection, [AsParameters] SerwerSmsReceivedQuery query, [AsParameters] SerwerSmsPageQuery paging,
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var answer = await client.ListReceivedAsync(account, query.ToFilter(selection, paging), cancellationToken);
        return TypedResults.Ok(new SerwerSmsReceivedList { Items = answer.Items.Select(i => ToMessage(i, selection.Type!)).ToList(), Paging = answer.Paging });
    }

    /// <summary>
    /// One poll of the trigger. The first (no cursor) only notes where "now" is and what is already there, and answers
    /// 202; later ones deliver what the cursor has not seen (see <see cref="ReceivedCursor"/>), oldest first.
    /// </summary>
    internal static async Task<Results<Ok<List<SerwerSmsReceivedMessage>>, Accepted>> PollReceived(
        [AsParameters] SerwerSmsReceivedSelection selection, [AsParameters] SerwerSmsReceivedCursor cursor, SerwerSmsAccount account,
        HttpContext context, SerwerSmsClient client, TimeProvider time, IOptions<WebhookOptions> webhooks, CancellationToken cancellationToken)
    {
        var (type, phone, ndi) = (selection.Type, selection.Phone, selection.Ndi);
        var filter = selection.ToFilter();
        var position = cursor.Position;

        var now = SerwerSmsTime.ToLocal(time.GetUtcNow());
        var from = (position?.Watermark ?? now) - ReceivedCursor.LookBackAt(position?.Watermark ?? now);
        var listed = await FetchSinceAsync(client, account, filter, from, cancellationToken);
        // A message listed while the pages were read shifts the later pages: what it pushes from one page to the next
        // is read twice, never skipped, and read once here.
        var entries = listed.Select(i => (Item: i, Entry: Entry(i, type!, now))).DistinctBy(e => (e.Entry.Type, e.Entry.Id)).ToList();

        if (position is null)
        {
            // The first poll of a new flow starts from now: what is already listed is noted as seen, not delivered.
            SetNextPoll(context, webhooks.Value, type!, phone, ndi, new ReceivedCursor(now, []).After(entries.Select(e => e.Entry)));
            return TypedResults.Accepted((string?)null);
        }

        var seen = position.SeenIds();
        var fresh = entries.Where(e => !seen.Contains((e.Entry.Type, e.Entry.Id)))
            .OrderBy(e => e.Entry.Received).ThenBy(e => e.Entry.Id).ToList();
        SetNextPoll(context, webhooks.Value, type!, phone, ndi, position.After(fresh.Select(e => e.Entry)));
        if (fresh.Count == 0)
        {
            return TypedResults.Accepted((string?)null);
        }

        return TypedResults.Ok(fresh.Select(e => ToMessage(e.Item, type!)).ToList());
    }

    /// <summary>Every message received since <paramref name="from"/> (SerwerSMS's local time), oldest first, page by page.</summary>
    private static async Task<List<SerwerSmsReceivedItem>> FetchSinceAsync(SerwerSmsClient client, SerwerSmsAccount account,
        SerwerSmsReceivedFilter filter, DateTime from, CancellationToken cancellationToken) =>
        // What is left unread is read by the next poll: the watermark moves past what this one delivered.
        (await SerwerSmsPolling.FetchPagesAsync<SerwerSmsReceivedItem>(async paging =>
        {
            var answer = await client.ListReceivedAsync(account, filter with { From = from, Order = "asc", Paging = paging }, cancellationToken);
            return (answer.Items, answer.Paging);
        }, MaxPagesPerPoll)).Items;

    private static ReceivedCursor.Entry Entry(SerwerSmsReceivedItem item, string type, DateTime now) =>
        new(SerwerSmsReceivedSelection.Types.Contains(item.Type?.ToLowerInvariant()) ? item.Type!.ToLowerInvariant() : type, item.Id ?? 0,
            SerwerSmsTime.TryParseLocal(item.Recived ?? item.Received, out var received) ? received : now);

    private static SerwerSmsReceivedMessage ToMessage(SerwerSmsReceivedItem item, string type) => new()
    {
        Id = item.Id ?? 0,
        Type = item.Type?.ToLowerInvariant() ?? type,
        Phone = item.Phone,
        Text = item.Text,
        ReceivedAt = SerwerSmsTime.TryParseLocal(item.Recived ?? item.Received, out var local) ? SerwerSmsTime.ToInstant(local) : null,
        ReplyToMessageId = string.IsNullOrEmpty(item.MessageId) ? null : item.MessageId,
        ToNumber = item.ToNumber,
        Title = item.Title,
        Blacklisted = item.Blacklist ?? false,
        Attachments = item.Attachments ?? [],
        Contact = item.Contact,
    };

    private static void SetNextPoll(HttpContext context, WebhookOptions webhooks, string type, string? phone, string? ndi, ReceivedCursor next) =>
        SerwerSmsPolling.SetNextPoll(context, webhooks, TriggerPath,
            new Dictionary<string, string?> { ["type"] = type, ["phone"] = phone, ["ndi"] = ndi, ["cursor"] = next.Encode() });
}

/// <summary>Marks a polling trigger for the OpenAPI document: <c>x-ms-trigger: batch</c>, its polling metadata and its item schema.</summary>
public sealed record PollingTriggerMetadata(Type Item, string Hint);
