using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.ClickSend;

/// <summary>Where a sent SMS is, and cancelling scheduled ones: ClickSend's receipts, history and cancel under one status vocabulary.</summary>
public static class ClickSendDeliveryApi
{
    public static IEndpointRouteBuilder MapClickSendDeliveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clicksend/sms").WithTags(ClickSendApi.Tag).ProducesProviderProblems();

        group.MapGet("/{message_id}/delivery-status", GetSmsDeliveryStatus)
            .Validates<ClickSendMessageRoute>()
            .WithName("GetSmsDeliveryStatus")
            .WithSummary("Get SMS delivery status")
            .WithDescription("Tells where a sent SMS is: queued, scheduled, sent, delivered, failed or cancelled, and whether that is final, " +
                             "with ClickSend's own status code and text beside it. Reads ClickSend's delivery receipt and, while none exists yet, " +
                             "its SMS history. A message ClickSend does not know is a 404.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapPut("/{message_id}/cancel", CancelScheduledSms)
            .Validates<ClickSendMessageRoute>()
            .WithName("CancelScheduledSms")
            .WithSummary("Cancel scheduled SMS")
            .WithDescription("Cancels one SMS that was scheduled for later and has not been sent yet. ClickSend's refusal (a message already sent) is passed through as a problem.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem();

        group.MapPut("/cancel-all", CancelAllScheduledSms)
            .Validates<CancelAllScheduledSmsQuery>()
            .WithName("CancelAllScheduledSms")
            .WithSummary("Cancel all scheduled SMS")
            .WithDescription("Cancels every SMS scheduled for later on the account, or only those sent with one custom string, and says how many ClickSend cancelled.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem();

        return app;
    }

    /// <summary>
    /// The receipt first: it is what the network reported, read ones included. ClickSend does not document its answer
    /// for a message without a receipt yet (a 404 or empty data), so either falls back to the history, which knows every
    /// message from the moment it is queued; a message neither knows is ours to call a 404.
    /// </summary>
    internal static async Task<Ok<SmsDeliveryStatus>> GetSmsDeliveryStatus(
        [AsParameters] ClickSendMessageRoute route, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await clickSend.GetSmsReceiptAsync(account, route.MessageId, cancellationToken);
            if (receipt.Data is { StatusCode: not null } found)
            {
                found.MessageId ??= route.MessageId;
                return TypedResults.Ok(SmsDeliveryStatus.FromReceipt(found));
            }
        }
        catch (ProviderException e) when (e.Status == StatusCodes.Status404NotFound)
        {
        }

        var history = await clickSend.GetSmsHistoryAsync(account, route.MessageId, cancellationToken);
        var item = history.FirstOrDefault(h => string.Equals(h.MessageId, route.MessageId, StringComparison.OrdinalIgnoreCase));
        // ClickSend's own answer, in two parts: a provider problem like any other ClickSend 404.
        return item is null
            ? throw new ProviderException(ClickSendClient.Provider, StatusCodes.Status404NotFound, "No such message",
                "ClickSend has neither a delivery receipt nor a history entry for this message ID.", effect: UpstreamEffect.None)
            : TypedResults.Ok(SmsDeliveryStatus.FromHistory(item));
    }

    internal static async Task<Ok<SmsCancelled>> CancelScheduledSms(
        [AsParameters] ClickSendMessageRoute route, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var answer = await clickSend.CancelSmsAsync(account, route.MessageId, cancellationToken);
        return TypedResults.Ok(new SmsCancelled(route.MessageId, true, answer.ResponseMsg));
    }

    internal static async Task<Ok<AllSmsCancelled>> CancelAllScheduledSms(
        [AsParameters] CancelAllScheduledSmsQuery query, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var answer = await clickSend.CancelAllSmsAsync(account, query.CustomString, cancellationToken);
        return TypedResults.Ok(new AllSmsCancelled(answer.Data?.Count ?? 0, query.CustomString, answer.ResponseMsg));
    }
}
