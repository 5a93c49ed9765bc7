using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using MessagingConnectors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.ClickSend;

/// <summary>
/// The "When an SMS delivery receipt arrives" trigger. ClickSend's receipt rules are account-wide (a rule has no filter
/// by sender or message), so, like Clipsan's notification URL, one rule per account pushes to one receiver, which stores
/// each receipt for every flow of the account that wants it before answering; the shared webhook machinery delivers it
/// at least once. The rule lives as long as the account has a subscription.
/// </summary>
public static partial class ClickSendReceiptTriggerApi
{
    /// <summary>The key this trigger's subscriptions and account receivers are stored under (stored data: never change it).</summary>
    public const string SubscriptionKind = "clicksend-receipts";
    private const string SubscriptionsPath = "/api/clicksend/automations/sms/receipts";
    private const string RuleName = "Power-Automate delivery receipts";

    public static IEndpointRouteBuilder MapClickSendReceiptTriggerApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/clicksend/automations/sms").WithTags(ClickSendApi.Tag).ProducesProviderProblems().UsesStorage();
        var group = app.MapGroup("/api/clicksend").WithTags(ClickSendApi.Tag).UsesStorage();

        rules.MapPost("/receipts", Subscribe)
            .WithName("SmsDeliveryReceiptAutomation")
            .WithSummary("When an SMS delivery receipt arrives")
            .WithDescription("Starts the flow when ClickSend reports where a sent SMS is: by default only final statuses (delivered, failed, cancelled), " +
                             "or only failures, or every report; optionally only for messages sent with one custom string. Every flow on the account gets " +
                             "each receipt once, at least once even across restarts, and a receipt ClickSend pushes again is delivered once.")
            .Validates<SmsDeliveryReceiptAutomationRequest>()
            .WithMetadata(new TriggerMetadata(typeof(SmsDeliveryStatus), "A delivery receipt of an SMS sent from your ClickSend account.",
                "Send an SMS through ClickSend to see this trigger fire when its delivery receipt arrives."))
            .WithVisibility(Visibility.Important)
            .Produces<SmsDeliveryReceiptSubscription>(StatusCodes.Status201Created);

        rules.MapDelete("/receipts/{subscription_id}", Unsubscribe)
            .Validates<SubscriptionRoute>()
            .WithName("DeleteSmsDeliveryReceiptAutomation")
            .WithSummary("Delete SMS delivery receipt automation")
            .WithDescription("Ends a flow's subscription to delivery receipts. The account's other flows keep theirs; with the last one, ClickSend's " +
                             "receipt rule is deleted too. Deleting one that is already gone succeeds.")
            .WithVisibility(Visibility.Internal);

        group.MapGet("/automations/sms/receipts/{subscription_id}/dead-letters", DeadLetters)
            .Validates<SubscriptionRoute>()
            .WithName("GetSmsDeliveryReceiptDeadLetters")
            .WithSummary("Get undelivered SMS delivery receipts")
            .WithDescription("Lists the delivery receipts of a trigger that could not be delivered to its flow after every retry.")
            .WithVisibility(Visibility.Advanced)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/receipts/{receiver_id}", Receive)
            .WithName("ReceiveClickSendDeliveryReceipt")
            .WithSummary("Receive an SMS delivery receipt from ClickSend")
            .WithDescription("Called by the account's ClickSend receipt rule, JSON or form-encoded, with the account's secret in the query. " +
                             "The receipt is stored for every subscribed flow before the answer, so a 2xx means it will reach them.")
            .ReceivesProviderCalls();

        return app;
    }

    internal static async Task<Results<Created<SmsDeliveryReceiptSubscription>, ProblemHttpResult>> Subscribe(
        SmsDeliveryReceiptAutomationRequest request, ClickSendAccount account, HttpContext context, ClickSendClient clickSend,
        SubscriptionStore subscriptions, AccountReceiverStore receivers, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        if (await CallbackAddresses.CheckAsync(request.ActionAddress, options.Value.AllowLoopbackCallbacks, cancellationToken) is { } problem)
        {
            return Problems.Validation("action_address", problem);
        }

        var receiver = await receivers.GetOrCreateAsync(SubscriptionKind, Credential(account), cancellationToken);
        var filter = new ReceiptFilter(request.Statuses!, request.CustomString);
        var subscriptionId = SubscriptionStore.NewReceiverId();
        var subscription = new Subscription(SubscriptionKind, subscriptionId, receiver.SecretHash, request.ActionAddress!, null, receiver.ReceiverId,
            JsonSerializer.Serialize(filter, ClickSendJson.Default.ReceiptFilter));
        // Stored before the rule exists, so a receipt pushed as soon as the rule does is kept for this flow too.
        await subscriptions.AddActiveAsync(subscription, cancellationToken);

        long ruleId;
        try
        {
            ruleId = await EnsureRuleAsync(account, receiver, ReceiverUrl(context, options.Value, receiver), clickSend, receivers, cancellationToken);
        }
        catch
        {
            await subscriptions.DeleteAsync(subscription, CancellationToken.None);
            throw;
        }

        return TypedResults.Created($"{options.Value.PublicBase(context)}{SubscriptionsPath}/{subscriptionId}",
            new SmsDeliveryReceiptSubscription(subscriptionId, ruleId, filter.Statuses, filter.CustomString));
    }

    /// <summary>
    /// The account's rule: the recorded one while ClickSend still has it, else a new one. Two subscriptions creating one at
    /// once both create a rule; the first recorded wins and the other deletes its own, so the account keeps one rule.
    /// </summary>
    private static async Task<long> EnsureRuleAsync(ClickSendAccount account, AccountReceiver receiver, string receiverUrl, ClickSendClient clickSend,
        AccountReceiverStore receivers, CancellationToken cancellationToken)
    {
        if (await receivers.FindRuleAsync(SubscriptionKind, receiver.ReceiverId, cancellationToken) is { } recorded && ParseRule(recorded) is { } known)
        {
            try
            {
                await clickSend.GetReceiptRuleAsync(account, known, cancellationToken);
                return known;
            }
            catch (ProviderException e) when (e.Status == StatusCodes.Status404NotFound)
            {
                // Deleted at ClickSend (in its dashboard): forget it and create the account's rule again.
                await receivers.ForgetRuleAsync(SubscriptionKind, receiver.ReceiverId, recorded, cancellationToken);
            }
        }

        var created = await clickSend.CreateReceiptRuleAsync(account, RuleName, receiverUrl, cancellationToken);
        var ruleId = created.Data?.ReceiptRuleId ?? throw UpstreamFailures.InvalidResponse(ClickSendClient.Provider, created.HttpCode);
        var ours = ruleId.ToString(CultureInfo.InvariantCulture);
        var winner = await receivers.RecordRuleAsync(SubscriptionKind, receiver.ReceiverId, ours, cancellationToken);
        if (winner != ours)
        {
            await DeleteRuleQuietlyAsync(account, ruleId, clickSend, CancellationToken.None);
        }

        return ParseRule(winner) ?? ruleId;
    }

    /// <summary>
    /// Ends one flow's subscription. With the account's last one, ClickSend's rule goes too; a subscription that arrives
    /// meanwhile is seen by the second look, which puts the rule back, so no subscribed flow is left without one.
    /// </summary>
    internal static async Task<Ok<SmsDeliveryReceiptUnsubscribed>> Unsubscribe(
        [AsParameters] SubscriptionRoute route, ClickSendAccount account, HttpContext context, ClickSendClient clickSend,
        SubscriptionStore subscriptions, AccountReceiverStore receivers, CallbackDelivery delivery, IOptions<WebhookOptions> options,
        CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindByReceiverAsync(SubscriptionKind, route.SubscriptionId, cancellationToken);
        // Derived, not looked up: an unsubscribe never creates a receiver for an account that has none.
        var (receiverId, _) = AccountReceiverStore.Derive(SubscriptionKind, Credential(account));
        if (subscription is null || subscription.Account != receiverId)
        {
            // Gone already, or another account's: either way nothing of this caller's to delete.
            return TypedResults.Ok(new SmsDeliveryReceiptUnsubscribed(route.SubscriptionId, true, false, 0));
        }

        var discarded = await delivery.UnsubscribeAsync(subscription, cancellationToken);
        var ruleDeleted = false;
        if ((await subscriptions.ListByAccountAsync(SubscriptionKind, receiverId, cancellationToken)).Count == 0
            && await receivers.FindRuleAsync(SubscriptionKind, receiverId, cancellationToken) is { } recorded)
        {
            await receivers.ForgetRuleAsync(SubscriptionKind, receiverId, recorded, cancellationToken);
            if (ParseRule(recorded) is { } ruleId)
            {
                ruleDeleted = await DeleteRuleQuietlyAsync(account, ruleId, clickSend, cancellationToken);
            }

            if ((await subscriptions.ListByAccountAsync(SubscriptionKind, receiverId, cancellationToken)).Count > 0)
            {
                var receiver = await receivers.GetOrCreateAsync(SubscriptionKind, Credential(account), cancellationToken);
                await EnsureRuleAsync(account, receiver, ReceiverUrl(context, options.Value, receiver), clickSend, receivers, cancellationToken);
                ruleDeleted = false;
            }
        }

        return TypedResults.Ok(new SmsDeliveryReceiptUnsubscribed(route.SubscriptionId, true, ruleDeleted, discarded));
    }

    internal static async Task<Results<Ok<List<SmsDeliveryReceiptDeadLetter>>, ProblemHttpResult>> DeadLetters(
        [AsParameters] SubscriptionRoute route, SubscriptionStore subscriptions, InboundMessageStore messages, CancellationToken cancellationToken)
    {
        if (await subscriptions.FindByReceiverAsync(SubscriptionKind, route.SubscriptionId, cancellationToken) is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, Problems.Types.NotFound, "No such trigger", "No delivery receipt subscription has this ID.");
        }

        var dead = await messages.DeadLettersAsync(route.SubscriptionId, cancellationToken);
        return TypedResults.Ok(dead.Select(d => new SmsDeliveryReceiptDeadLetter(d.MessageKey, d.Attempts, d.LastError, d.ReceivedAt,
            JsonSerializer.Deserialize(d.Payload, ClickSendJson.Default.SmsDeliveryStatus))).ToList());
    }

    /// <summary>
    /// ClickSend's push of one receipt. Unknown receiver or wrong secret: 404 and nothing stored. Otherwise the receipt is
    /// stored once for every subscription of the account that wants it, before the 200, so ClickSend retries what we did
    /// not keep. ClickSend documents neither the body nor its content type: JSON and form fields are both read.
    /// </summary>
    internal static async Task<IResult> Receive(
        [FromRoute(Name = "receiver_id")] string receiverId, [FromQuery] string? secret, HttpContext context, AccountReceiverStore receivers,
        SubscriptionStore subscriptions, InboundMessageStore messages, CallbackDelivery delivery, TimeProvider time,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ClickSendReceiptTriggerApi).FullName!);
        // A refused call gets the answer of a path no endpoint serves: a caller learns nothing of what exists.
        var notFound = Problems.ForStatus(StatusCodes.Status404NotFound);
        if (!SubscriptionStore.IsReceiverId(receiverId))
        {
            return notFound;
        }

        var receiver = await receivers.FindAsync(SubscriptionKind, receiverId, cancellationToken);
        if (receiver is null || !SubscriptionStore.SecretMatches(secret, receiver.SecretHash))
        {
            return notFound;
        }

        if (await WebhookFields.ReadAsync(context.Request, cancellationToken) is not { } fields)
        {
            return Problems.Validation("body", "must be a JSON object or form fields of an SMS delivery receipt.");
        }

        var receipt = ClickSendReceipt.FromFields(name => fields.GetValueOrDefault(name));
        if (receipt.MessageId is null)
        {
            return Problems.Validation("message_id", "is required.");
        }

        if (receipt.StatusCode is null)
        {
            return Problems.Validation("status_code", "is required.");
        }

        var listeners = await subscriptions.ListByAccountAsync(SubscriptionKind, receiverId, cancellationToken);
        var status = SmsDeliveryStatus.FromReceipt(receipt);
        status.ReceivedAt = time.GetUtcNow();
        // The flow receives what our API would answer: the same readable JSON options.
        var payload = JsonSerializer.Serialize(status, json.Value.SerializerOptions.GetTypeInfo(typeof(SmsDeliveryStatus)));
        var key = ReceiptKey(receipt);
        int wanted = 0, stored = 0;
        foreach (var subscription in listeners)
        {
            if (!Filter(subscription).Wants(status))
            {
                continue;
            }

            wanted++;
            stored += await messages.TryAddAsync(subscription.ReceiverId, key, payload, subscription.CallbackUrl, cancellationToken) ? 1 : 0;
        }

        if (stored > 0)
        {
            delivery.Nudge();
        }

        LogReceived(logger, receiverId, stored, wanted, listeners.Count);
        return TypedResults.Ok(new InboundReceipt(listeners.Count > 0, wanted > 0 && stored == 0));
    }

    /// <summary>
    /// The row key of a receipt in each subscription's partition. A message has several receipts over its life (a
    /// temporary failure, 300, then delivered, 201), each a report the flow should see, so the message ID alone would
    /// drop all but the first; ClickSend pushing the same receipt again repeats all of message ID, status code and time,
    /// so that is a repeat. The time keeps apart two reports with the same code (two temporary failures); a push without
    /// a time is keyed on message and code. The code is read as a number where it is one, so "201" and 201 are one.
    /// </summary>
    internal static string ReceiptKey(ClickSendReceipt receipt)
    {
        var code = int.TryParse(receipt.StatusCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : receipt.StatusCode;
        var identity = string.Join('\n', receipt.MessageId, code, receipt.Timestamp?.ToString(CultureInfo.InvariantCulture) ?? "");
        return "r-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    private static ReceiptFilter Filter(Subscription subscription)
    {
        try
        {
            return (subscription.Options is { } options ? JsonSerializer.Deserialize(options, ClickSendJson.Default.ReceiptFilter) : null)
                   ?? new ReceiptFilter(ReceiptFilter.Final, null);
        }
        catch (JsonException)
        {
            return new ReceiptFilter(ReceiptFilter.Final, null);
        }
    }

    /// <summary>The account's identity for its receiver: the Basic credential, derived one-way by the receiver store and never stored.</summary>
    private static string Credential(ClickSendAccount account) => account.AuthorizationHeader.Parameter!;

    private static long? ParseRule(string ruleId) => long.TryParse(ruleId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static async Task<bool> DeleteRuleQuietlyAsync(ClickSendAccount account, long ruleId, ClickSendClient clickSend,
        CancellationToken cancellationToken)
    {
        try
        {
            await clickSend.DeleteReceiptRuleAsync(account, ruleId, cancellationToken);
            return true;
        }
        catch (ProviderException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            // Already gone at ClickSend: the outcome asked for.
            return true;
        }
    }

    private static string ReceiverUrl(HttpContext context, WebhookOptions options, AccountReceiver receiver) =>
        $"{options.PublicBase(context)}/api/clicksend/receipts/{receiver.ReceiverId}?secret={Uri.EscapeDataString(receiver.Secret)}";

    [LoggerMessage(Level = LogLevel.Information, Message = "ClickSend receipt for {ReceiverId} stored for {Stored} of {Wanted} wanting it, of {Subscriptions} subscriptions")]
    private static partial void LogReceived(ILogger logger, string receiverId, int stored, int wanted, int subscriptions);
}
