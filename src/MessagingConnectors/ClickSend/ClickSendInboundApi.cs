using System.Text.Json;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using MessagingConnectors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MessagingConnectors.Providers;

namespace MessagingConnectors.ClickSend;

/// <summary>
/// The "Inbound SMS automation" trigger: subscribe creates a ClickSend inbound rule that calls our
/// receiver; the receiver stores each message before answering; delivery to the flow is at least once.
/// </summary>
public static class ClickSendInboundApi
{
    /// <summary>The key this trigger's subscriptions are stored under (stored data: never change it).</summary>
    public const string SubscriptionKind = "clicksend";
    private const string SubscribePath = "/api/clicksend/automations/sms/inbound";

    public static IEndpointRouteBuilder MapClickSendInboundApi(this IEndpointRouteBuilder app)
    {
        // Subscribing and unsubscribing call ClickSend; the dead letters and the receiver do not.
        var rules = app.MapGroup("/api/clicksend/automations/sms").WithTags(ClickSendApi.Tag).ProducesProviderProblems().UsesStorage();
        var group = app.MapGroup("/api/clicksend").WithTags(ClickSendApi.Tag).UsesStorage();

        rules.MapPost("/inbound", Subscribe)
            .WithName("SmsInboundAutomation")
            .WithSummary("When an SMS arrives")
            .WithDescription("Starts the flow for every SMS that arrives at your ClickSend numbers, optionally only for one number or a keyword. " +
                             "Each message reaches the flow at least once, even across restarts, and a message ClickSend repeats is delivered once.")
            .Validates<SmsInboundAutomationRequest>()
            .WithMetadata(new TriggerMetadata(typeof(InboundSms), "An SMS that arrived at one of your ClickSend numbers.",
                "Send an SMS to one of your numbers to see this trigger fire."))
            .WithVisibility(Visibility.Important)
            .Produces<SmsInboundSubscription>(StatusCodes.Status201Created);

        rules.MapDelete("/inbound/{inbound_rule_id}", Unsubscribe)
            .WithName("DeleteSmsInboundAutomation")
            .WithSummary("Delete inbound SMS automation")
            .WithDescription("Deletes the ClickSend inbound rule of a trigger and its subscription. Deleting one that is already gone succeeds.")
            .WithVisibility(Visibility.Internal)
            .ProducesValidationProblem();

        group.MapGet("/automations/sms/inbound/{inbound_rule_id}/dead-letters", DeadLetters)
            .WithName("GetSmsInboundDeadLetters")
            .WithSummary("Get undelivered inbound SMS")
            .WithDescription("Lists the inbound messages of a trigger that could not be delivered to its flow after every retry.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/inbound/{receiver_id}", Receive)
            .WithName("ReceiveClickSendInboundSms")
            .WithSummary("Receive an inbound SMS from ClickSend")
            .WithDescription("Called by ClickSend's inbound rule, JSON or form-encoded, with the subscription's secret in the query. " +
                             "The message is stored before the answer, so a 2xx means it will reach the flow.")
            .ReceivesProviderCalls();
        return app;
    }

    internal static async Task<Results<Created<SmsInboundSubscription>, ProblemHttpResult>> Subscribe(
        SmsInboundAutomationRequest request, ClickSendAccount account, HttpContext context, ClickSendClient clickSend, SubscriptionStore subscriptions,
        IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var allowLoopback = options.Value.AllowLoopbackCallbacks;
        var callbackProblem = await CallbackAddresses.CheckAsync(request.ActionAddress, allowLoopback, cancellationToken);
        if (callbackProblem is not null)
        {
            return Problems.Validation("action_address", callbackProblem);
        }

        var receiverId = SubscriptionStore.NewReceiverId();
        var secret = SubscriptionStore.NewSecret();
        var subscription = new Subscription(SubscriptionKind, receiverId, SubscriptionStore.HashSecret(secret), request.ActionAddress!, null, account.Username);
        await subscriptions.AddPendingAsync(subscription, cancellationToken);

        long ruleId;
        try
        {
            var rule = await clickSend.CreateInboundRuleAsync(account, request, ReceiverUrl(context, options.Value, receiverId, secret), cancellationToken);
            ruleId = rule.Data?.InboundRuleId ?? throw Providers.UpstreamFailures.InvalidResponse(ClickSendClient.Provider, rule.HttpCode);
        }
        catch
        {
            await subscriptions.DeleteAsync(subscription, CancellationToken.None);
            throw;
        }

        try
        {
            await subscriptions.ActivateAsync(subscription with { RuleId = ruleId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        }
        catch
        {
            // Nothing half-written: without its index the rule could never be unsubscribed.
            await clickSend.DeleteInboundRuleAsync(account, ruleId, CancellationToken.None);
            await subscriptions.DeleteAsync(subscription, CancellationToken.None);
            throw;
        }

        var location = $"{options.Value.PublicBase(context)}{SubscribePath}/{ruleId}";
        return TypedResults.Created(location, new SmsInboundSubscription(ruleId, request.DedicatedNumber!, request.MessageSearchType!.Value, request.MessageSearchTerm!));
    }

    internal static async Task<Ok<UnsubscribeResult>> Unsubscribe(
        [FromRoute(Name = "inbound_rule_id"), ApiField("Inbound Rule ID", "The rule to delete.", Visibility = Visibility.Internal, Example = 1)] long inboundRuleId,
        ClickSendAccount account, ClickSendClient clickSend, SubscriptionStore subscriptions, CallbackDelivery delivery, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindByRuleAsync(SubscriptionKind, inboundRuleId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        try
        {
            await clickSend.DeleteInboundRuleAsync(account, inboundRuleId, cancellationToken);
        }
        catch (ProviderException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            // Already gone at ClickSend: unsubscribing is idempotent.
        }

        var discarded = await delivery.UnsubscribeAsync(subscription, cancellationToken);
        return TypedResults.Ok(new UnsubscribeResult(inboundRuleId, true, discarded));
    }

    internal static async Task<Results<Ok<List<DeadLetter>>, ProblemHttpResult>> DeadLetters(
        [FromRoute(Name = "inbound_rule_id"), ApiField("Inbound Rule ID", "The trigger's rule.", Visibility = Visibility.Important, Example = 1)] long inboundRuleId,
        SubscriptionStore subscriptions, InboundMessageStore messages, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindByRuleAsync(SubscriptionKind, inboundRuleId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        if (subscription is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, Problems.Types.NotFound, "No such trigger", "No subscription uses this inbound rule.");
        }

        var dead = await messages.DeadLettersAsync(subscription.ReceiverId, cancellationToken);
        return TypedResults.Ok(dead.Select(d => new DeadLetter(d.MessageKey, d.Attempts, d.LastError, d.ReceivedAt,
            JsonSerializer.Deserialize(d.Payload, ClickSendJson.Default.InboundSms))).ToList());
    }

    /// <summary>
    /// ClickSend's call for one inbound SMS. Wrong or missing secret: 404 and nothing stored. The
    /// message is stored (once per message_id) before the 200, so ClickSend retries what we did not keep.
    /// </summary>
    internal static async Task<IResult> Receive(
        [FromRoute(Name = "receiver_id")] string receiverId, [FromQuery] string? secret, HttpContext context,
        SubscriptionStore subscriptions, InboundMessageStore messages, CallbackDelivery delivery,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        // A refused call gets the answer of a path no endpoint serves: a caller learns nothing of what exists.
        var notFound = Problems.ForStatus(StatusCodes.Status404NotFound);
        if (!SubscriptionStore.IsReceiverId(receiverId))
        {
            return notFound;
        }

        var subscription = await subscriptions.FindByReceiverAsync(SubscriptionKind, receiverId, cancellationToken);
        if (subscription is null || !SubscriptionStore.SecretMatches(secret, subscription.SecretHash))
        {
            return notFound;
        }

        var fields = await WebhookFields.ReadAsync(context.Request, cancellationToken);
        if (fields is null)
        {
            return Problems.Validation("body", "must be a JSON object or form fields of an inbound SMS.");
        }

        var sms = InboundSms.FromFields(name => fields.GetValueOrDefault(name));
        if (string.IsNullOrEmpty(sms.MessageId))
        {
            return Problems.Validation("message_id", "is required.");
        }

        // The flow receives what our API would answer: the same readable JSON options.
        var payload = JsonSerializer.Serialize(sms, json.Value.SerializerOptions.GetTypeInfo(typeof(InboundSms)));
        var stored = await messages.TryAddAsync(receiverId, InboundMessageStore.MessageKey(sms.MessageId), payload, subscription.CallbackUrl, cancellationToken);
        if (stored)
        {
            delivery.Nudge();
        }

        return TypedResults.Ok(new InboundReceipt(true, !stored));
    }

    private static string ReceiverUrl(HttpContext context, WebhookOptions options, string receiverId, string secret) =>
        $"{options.PublicBase(context)}/api/clicksend/inbound/{receiverId}?secret={Uri.EscapeDataString(secret)}";
}
