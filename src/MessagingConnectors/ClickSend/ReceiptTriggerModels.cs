using System.Text.Json.Serialization;
using MessagingConnectors.Delivery;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>Subscribe body of the delivery receipt trigger: the flow's callback URL and which receipts it wants.</summary>
/// <remarks>The callback URL's address is checked by the endpoint, which knows whether loopback is allowed.</remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"action_address":"https://prod-00.westeurope.logic.azure.com/workflows/0/triggers/manual/paths/invoke","statuses":"final","custom_string":"order-1042"}""")]
public sealed class SmsDeliveryReceiptAutomationRequest : INormalizes
{
    [JsonPropertyName("action_address")]
    [ApiField("Callback URL", "The flow's callback URL, filled in by Power Automate.", Visibility = Visibility.Internal, Required = true, NotificationUrl = true)]
    public string? ActionAddress { get; set; }

    [JsonPropertyName("statuses")]
    [OneOf(ReceiptFilter.Final, ReceiptFilter.Failed, ReceiptFilter.All)]
    [ApiField("Statuses", "Which receipts start the flow: final (delivered, failed or cancelled; the default), failed (failures only) or all (also ClickSend's interim reports).",
        Visibility = Visibility.Important, Example = ReceiptFilter.Final)]
    public string? Statuses { get; set; }

    [JsonPropertyName("custom_string")]
    [Text(SmsMessage.MaxCustomString)]
    [ApiField("Custom String", "Only receipts of messages sent with this custom string; leave it empty for every message.", Visibility = Visibility.Important, Example = "order-1042")]
    public string? CustomString { get; set; }

    public void Normalize() => Statuses = (Statuses ?? ReceiptFilter.Final).ToLowerInvariant();
}

/// <summary>What one flow wants of the account's receipts; stored with its subscription.</summary>
public sealed record ReceiptFilter(
    [property: JsonPropertyName("statuses")] string Statuses,
    [property: JsonPropertyName("custom_string")] string? CustomString)
{
    public const string Final = "final";
    public const string Failed = "failed";
    public const string All = "all";

    /// <summary>
    /// "failed" is the final failure only: a temporary failure (ClickSend 300, retried by ClickSend) reads as sent, and a
    /// cancelled message is the sender's choice, not a failure.
    /// </summary>
    public bool Wants(SmsDeliveryStatus receipt) =>
        (Statuses switch
        {
            Failed => receipt.Status == DeliveryState.Failed,
            All => true,
            _ => receipt.Final,
        })
        && (CustomString is null || string.Equals(CustomString, receipt.CustomString, StringComparison.Ordinal));
}

/// <summary>Answer to a subscription; the Location header is the unsubscribe URL.</summary>
public sealed record SmsDeliveryReceiptSubscription(
    [property: JsonPropertyName("subscription_id")][property: ApiField("Subscription ID", "ID of the trigger's subscription.")] string SubscriptionId,
    [property: JsonPropertyName("receipt_rule_id")][property: ApiField("Receipt Rule ID", "ClickSend's delivery receipt rule that feeds every flow of this account.")] long ReceiptRuleId,
    [property: JsonPropertyName("statuses")][property: ApiField("Statuses", "Which receipts start the flow: final, failed or all.")] string Statuses,
    [property: JsonPropertyName("custom_string")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][property: ApiField("Custom String", "Only receipts of messages with this custom string.")] string? CustomString);

public sealed record SmsDeliveryReceiptUnsubscribed(
    [property: JsonPropertyName("subscription_id")][property: ApiField("Subscription ID", "The subscription that was deleted.")] string SubscriptionId,
    [property: JsonPropertyName("deleted")][property: ApiField("Deleted", "True once the subscription is gone.")] bool Deleted,
    [property: JsonPropertyName("rule_deleted")][property: ApiField("Rule Deleted", "True when this was the account's last subscription, so ClickSend's receipt rule was removed too.")] bool RuleDeleted,
    [property: JsonPropertyName("discarded_count")][property: ApiField("Discarded Count", "Receipts received for the trigger and never delivered (waiting for a retry or dead-lettered), now discarded: nothing is delivered after the trigger is deleted.")] int DiscardedCount);

public sealed record SmsDeliveryReceiptDeadLetter(
    [property: JsonPropertyName("receipt_key")][property: ApiField("Receipt Key", "The stored receipt: its message, status code and time, hashed.")] string ReceiptKey,
    [property: JsonPropertyName("attempts")][property: ApiField("Attempts", "Delivery attempts made.")] int Attempts,
    [property: JsonPropertyName("last_error")][property: ApiField("Last Error", "Why the last attempt failed.")] string? LastError,
    [property: JsonPropertyName("received_at")][property: ApiField("Received At", "When the receipt arrived.")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("payload")][property: ApiField("Payload", "What would have been delivered.")] SmsDeliveryStatus? Payload);
