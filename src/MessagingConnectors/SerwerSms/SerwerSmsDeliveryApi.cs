using System.Text.Json;
using MessagingConnectors.Delivery;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using MessagingConnectors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// Delivery status of messages sent through SerwerSMS: look one up (<c>messages/view</c>, or <c>messages/reports</c> by
/// unique id), list reports (<c>messages/reports</c>), cancel a scheduled one (<c>messages/delete</c>), and the polling
/// trigger "When a delivery report arrives". SerwerSMS's push callbacks are set in its panel only and their format is
/// undocumented, so the trigger polls.
/// </summary>
public static partial class SerwerSmsDeliveryApi
{
    public const string TriggerPath = "/api/serwersms/messages/reports/trigger";

    /// <summary>
    /// How far back, by queued time, each poll reads. SerwerSMS filters reports by when the message was queued, not by
    /// when its report came, and a report may come days later: a message waits at the network until its validity
    /// runs out (commonly up to 72 hours, then <c>message_expired</c>), and the guarantee covers reports up to
    /// 72 hours late. One more hour covers the hour Polish local time repeats when summer time ends (SerwerSMS's
    /// times carry no offset), and one more the time a report takes to be listed.
    /// </summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromHours(74);

    /// <summary>Pages of <see cref="SerwerSmsPolling.PageSize"/> one poll reads at most (the whole look-back is read on each poll).</summary>
    private const int MaxPagesPerPoll = 50;

    /// <summary>Reports one poll delivers at most; the rest are delivered by the next polls, none lost.</summary>
    internal const int MaxBatch = 500;

    public static RouteGroupBuilder MapSerwerSmsDelivery(this RouteGroupBuilder group)
    {
        group.MapGet("/messages/status", GetMessageStatus)
            .Validates<SerwerSmsMessageQuery>()
            .WithName("SerwerSmsGetMessageStatus")
            .WithSummary("Get message status")
            .WithDescription("Returns where a sent message is, found by SerwerSMS's message ID or by the unique ID given at send time: " +
                             "status (queued, scheduled, sent, delivered, failed, cancelled) and whether it is final, with SerwerSMS's own " +
                             "status word and reason and the times as ISO 8601 with their offset.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapGet("/messages/reports", ListDeliveryReports)
            .Validates<SerwerSmsReportsQuery>()
            .Validates<SerwerSmsPageQuery>()
            .WithName("SerwerSmsListDeliveryReports")
            .WithSummary("List delivery reports")
            .WithDescription("Lists sent messages with their delivery status, filtered by phone number, message IDs or unique IDs (up to 500), " +
                             "SerwerSMS status, type and the time they were queued (ISO 8601; SerwerSMS filters on Polish local time), paged.")
            .ProducesValidationProblem();

        group.MapPost("/messages/cancel", CancelScheduledMessage)
            .Validates<SerwerSmsCancelRequest>()
            .WithName("SerwerSmsCancelScheduledMessage")
            .WithSummary("Cancel scheduled message")
            .WithDescription("Deletes scheduled messages from SerwerSMS's scheduler by message ID or unique ID. Success is false when " +
                             "nothing was cancelled: a message already sent cannot be.");

        group.MapGet("/messages/reports/trigger", PollReports)
            .Validates<SerwerSmsReportTriggerQuery>()
            .Validates<SerwerSmsReportCursorQuery>()
            .WithName("SerwerSmsWhenDeliveryReportArrives")
            .WithSummary("When a delivery report arrives")
            .WithDescription("Starts a flow for each message sent from now on, or earlier, whose status becomes final (delivered or failed), " +
                             "or for each change of status; optionally only failures, or only messages to one number. Each report starts " +
                             "one run, none twice, including reports that come up to 72 hours after the message was queued.")
            .PollsFor<SerwerSmsDeliveryReport>("Send an SMS through SerwerSMS and wait for its delivery report and the next poll.");
        return group;
    }

    internal static async Task<Ok<SerwerSmsDeliveryReport>> GetMessageStatus(
        [AsParameters] SerwerSmsMessageQuery query, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        if (query.Id is { } id)
        {
            return TypedResults.Ok(SerwerSmsDeliveryReport.From(await client.ViewMessageAsync(account, id, cancellationToken)));
        }

        // messages/view takes only SerwerSMS's id; a unique id is found through messages/reports.
        var answer = await client.ListReportsAsync(account, new SerwerSmsReportsFilter { UniqueIds = [query.UniqueId!], Paging = new(1, 1) },
            cancellationToken);
        // SerwerSMS's answer says there is none, as its 1004 does for an unknown id: a provider's 404 like that one.
        var item = answer.Items.FirstOrDefault() ?? throw new ProviderException(SerwerSmsClient.Provider, StatusCodes.Status404NotFound,
            "SerwerSMS did not find the resource", "SerwerSMS lists no message with this unique_id.", null, UpstreamEffect.None, null, null);

        // SerwerSMS's documented report fields do not include unique_id: the one asked for is the message's.
        item.UniqueId ??= query.UniqueId;
        return TypedResults.Ok(SerwerSmsDeliveryReport.From(item));
    }

    internal static async Task<Ok<SerwerSmsDeliveryReportList>> ListDeliveryReports(
        [AsParameters] SerwerSmsReportsQuery query, [AsParameters] SerwerSmsPageQuery paging, SerwerSmsAccount account, SerwerSmsClient client,
        CancellationToken cancellationToken)
    {
        var answer = await client.ListReportsAsync(account, query.ToFilter(paging), cancellationToken);
        return TypedResults.Ok(new SerwerSmsDeliveryReportList { Items = answer.Items.Select(SerwerSmsDeliveryReport.From).ToList(), Paging = answer.Paging });
    }

    internal static async Task<Ok<SerwerSmsWriteResult>> CancelScheduledMessage(
        SerwerSmsCancelRequest request, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.DeleteMessagesAsync(account, request.Id, request.UniqueId, cancellationToken));

    /// <summary>
    /// One poll. Each reads every report queued within <see cref="LookBack"/> and delivers those whose status (final, or
    /// any in every-change mode) the flow's ledger has not noted. The first poll notes what is already there and answers
    /// 202. A poll repeated at the same Location answers what the ledger says it delivered then.
    /// </summary>
    internal static async Task<Results<Ok<List<SerwerSmsDeliveryReport>>, Accepted, ProblemHttpResult>> PollReports(
        [AsParameters] SerwerSmsReportTriggerQuery query, [AsParameters] SerwerSmsReportCursorQuery cursor, SerwerSmsAccount account,
        HttpContext context, SerwerSmsClient client, ReportLedger ledger, TimeProvider time, IOptions<WebhookOptions> webhooks,
        ILogger<ReportLedger> logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var position = cursor.Position;
        if (position is not null && !await ledger.OwnsAsync(position.Flow, account.Scope, cancellationToken))
        {
            return Problems.Validation("cursor", "is not a cursor this trigger wrote for this account, or its flow is gone; start the trigger again.");
        }

        var noted = position is null ? [] : await ledger.EntriesAsync(position.Flow, cancellationToken);
        if (position is not null && noted.Where(e => e.Generation == position.Generation).OrderBy(e => e.Order).ToList() is { Count: > 0 } again)
        {
            SetNextPoll(context, webhooks.Value, query, position with { Generation = position.Generation + 1 });
            return TypedResults.Ok(again.Select(e => JsonSerializer.Deserialize(e.Payload!, SerwerSmsJsonContext.Default.SerwerSmsDeliveryReport)!).ToList());
        }

        var (listed, complete) = await SerwerSmsPolling.FetchPagesAsync<SerwerSmsReportItem>(async paging =>
        {
            var answer = await client.ListReportsAsync(account, new SerwerSmsReportsFilter
            {
                Phone = SerwerSmsPhone.ToE164(query.Phone),
                From = SerwerSmsTime.ToLocal(now - LookBack),
                Order = "asc",
                Paging = paging,
            }, cancellationToken);
            return (answer.Items, answer.Paging);
        }, MaxPagesPerPoll);
        if (!complete)
        {
            // The whole look-back is read on each poll, so reports past the budget are not reached until older ones leave it.
            OverBudget(logger, listed.Count, LookBack.TotalHours);
        }

        // A report listed while the pages were read shifts the later pages: what it pushes on is read twice, kept once.
        var wanted = listed.Where(i => !string.IsNullOrEmpty(i.Id)).Select(i => (Report: SerwerSmsDeliveryReport.From(i), Word: i.Status ?? ""))
            .Where(r => (query.EveryChangeWanted || r.Report.Final) && (query.FailuresOnly != true || r.Report.Status == DeliveryState.Failed))
            .Select(r => (r.Report, Key: Key(r.Report.Id, query.EveryChangeWanted ? r.Word : null)))
            .DistinctBy(r => r.Key).ToList();

        if (position is null)
        {
            // The first poll of a new flow starts from now: what is already there is noted, not delivered.
            var flow = Guid.NewGuid();
            await ledger.CreateFlowAsync(flow, account.Scope, now, cancellationToken);
            await ledger.AddAsync(flow, wanted.Select(r => new ReportEntry(r.Key, 0, 0, r.Report.QueuedAt ?? now, null)), cancellationToken);
            SetNextPoll(context, webhooks.Value, query, new ReportCursor(flow, 1));
            return TypedResults.Accepted((string?)null);
        }

        var known = noted.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var fresh = wanted.Where(r => !known.Contains(r.Key))
            .OrderBy(r => r.Report.QueuedAt ?? now).ThenBy(r => r.Report.Id, StringComparer.Ordinal).Take(MaxBatch).ToList();
        await ledger.AddAsync(position.Flow, fresh.Select((r, i) => new ReportEntry(r.Key, position.Generation, i, r.Report.QueuedAt ?? now,
            JsonSerializer.Serialize(r.Report, SerwerSmsJsonContext.Default.SerwerSmsDeliveryReport))), cancellationToken);
        // SerwerSMS no longer lists a message queued before the look-back, so the ledger need not remember it.
        await ledger.RemoveAsync(position.Flow, noted.Where(e => e.Queued < now - LookBack - TimeSpan.FromHours(1)).Select(e => e.Key), cancellationToken);

        if (fresh.Count == 0)
        {
            // Nothing delivered: the same cursor again, so the next poll's deliveries are this generation's.
            SetNextPoll(context, webhooks.Value, query, position);
            return TypedResults.Accepted((string?)null);
        }

        SetNextPoll(context, webhooks.Value, query, position with { Generation = position.Generation + 1 });
        return TypedResults.Ok(fresh.Select(r => r.Report).ToList());
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SerwerSMS lists more reports queued within {Hours} hours than one poll reads; the delivery report trigger read the first {Reports}.")]
    private static partial void OverBudget(ILogger logger, int reports, double hours);

    /// <summary>A message, and in every-change mode its status word: what is delivered once.</summary>
    private static string Key(string id, string? word) => InboundMessageStore.MessageKey(word is null ? id : id + "." + word);

    private static void SetNextPoll(HttpContext context, WebhookOptions webhooks, SerwerSmsReportTriggerQuery query, ReportCursor next) =>
        SerwerSmsPolling.SetNextPoll(context, webhooks, TriggerPath, new Dictionary<string, string?>
        {
            ["changes"] = query.Changes,
            ["failures_only"] = query.FailuresOnly is { } failures ? (failures ? "true" : "false") : null,
            ["phone"] = query.Phone,
            ["cursor"] = next.Encode(),
        });
}
