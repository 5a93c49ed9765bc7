using System.Globalization;
using System.Text.Json.Serialization;
using MessagingConnectors.Delivery;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.ClickSend;

/// <summary>
/// ClickSend's <c>sms_receipt</c>: what <c>GET /sms/receipts/{message_id}</c> answers and, as far as anything says, what a
/// URL receipt rule pushes. <c>status_code</c> is an integer in ClickSend's schema and a string in its examples: both are
/// read as text.
/// </summary>
public sealed class ClickSendReceipt
{
    [JsonPropertyName("timestamp_send")][JsonConverter(typeof(FlexibleInt64Converter))] public long? TimestampSend { get; set; }
    [JsonPropertyName("timestamp")][JsonConverter(typeof(FlexibleInt64Converter))] public long? Timestamp { get; set; }
    [JsonPropertyName("message_id")][JsonConverter(typeof(FlexibleStringConverter))] public string? MessageId { get; set; }
    [JsonPropertyName("status_code")][JsonConverter(typeof(FlexibleStringConverter))] public string? StatusCode { get; set; }
    [JsonPropertyName("status_text")][JsonConverter(typeof(FlexibleStringConverter))] public string? StatusText { get; set; }
    [JsonPropertyName("error_code")][JsonConverter(typeof(FlexibleStringConverter))] public string? ErrorCode { get; set; }
    [JsonPropertyName("error_text")][JsonConverter(typeof(FlexibleStringConverter))] public string? ErrorText { get; set; }
    [JsonPropertyName("custom_string")][JsonConverter(typeof(FlexibleStringConverter))] public string? CustomString { get; set; }
    [JsonPropertyName("subaccount_id")][JsonConverter(typeof(FlexibleInt64Converter))] public long? SubaccountId { get; set; }
    [JsonPropertyName("message_type")][JsonConverter(typeof(FlexibleStringConverter))] public string? MessageType { get; set; }

    /// <summary>
    /// A pushed receipt from its fields, JSON or form: ClickSend documents neither the body nor its content type, so the
    /// <c>sms_receipt</c> names are read from whichever arrived, and a number may come as text or as a number.
    /// </summary>
    public static ClickSendReceipt FromFields(Func<string, string?> field)
    {
        string? Text(string name) => field(name) is { Length: > 0 } value ? value.Trim() : null;
        return new ClickSendReceipt
        {
            TimestampSend = UnixTime.Parse(Text("timestamp_send")),
            Timestamp = UnixTime.Parse(Text("timestamp")),
            MessageId = Text("message_id"),
            StatusCode = Text("status_code"),
            StatusText = Text("status_text"),
            ErrorCode = Text("error_code"),
            ErrorText = Text("error_text"),
            CustomString = Text("custom_string"),
            SubaccountId = UnixTime.Parse(Text("subaccount_id")),
            MessageType = Text("message_type"),
        };
    }
}

/// <summary>One sent message of ClickSend's SMS history, as far as a delivery status needs it.</summary>
public sealed class ClickSendHistoryItem
{
    [JsonPropertyName("direction")] public string? Direction { get; set; }
    [JsonPropertyName("date")][JsonConverter(typeof(FlexibleInt64Converter))] public long? Date { get; set; }
    [JsonPropertyName("to")][JsonConverter(typeof(FlexibleStringConverter))] public string? To { get; set; }
    [JsonPropertyName("from")][JsonConverter(typeof(FlexibleStringConverter))] public string? From { get; set; }
    [JsonPropertyName("status")][JsonConverter(typeof(FlexibleStringConverter))] public string? Status { get; set; }
    [JsonPropertyName("schedule")][JsonConverter(typeof(FlexibleStringConverter))] public string? Schedule { get; set; }
    [JsonPropertyName("status_code")][JsonConverter(typeof(FlexibleStringConverter))] public string? StatusCode { get; set; }
    [JsonPropertyName("status_text")][JsonConverter(typeof(FlexibleStringConverter))] public string? StatusText { get; set; }
    [JsonPropertyName("message_id")][JsonConverter(typeof(FlexibleStringConverter))] public string? MessageId { get; set; }
    [JsonPropertyName("custom_string")][JsonConverter(typeof(FlexibleStringConverter))] public string? CustomString { get; set; }
    [JsonPropertyName("subaccount_id")][JsonConverter(typeof(FlexibleInt64Converter))] public long? SubaccountId { get; set; }
}

/// <summary>What <c>PUT /sms/cancel-all</c> answers in its data.</summary>
public sealed class ClickSendCancelCount
{
    [JsonPropertyName("count")][JsonConverter(typeof(FlexibleInt64Converter))] public long? Count { get; set; }
}

/// <summary>The optional body of <c>PUT /sms/cancel-all</c>: only the scheduled messages with this custom string.</summary>
public sealed record ClickSendCancelAll([property: JsonPropertyName("custom_string")] string? CustomString);

/// <summary>A delivery receipt rule as ClickSend's <c>POST /automations/sms/receipts</c> expects it (flat, as its own examples).</summary>
public sealed record ClickSendReceiptRuleRequest(
    [property: JsonPropertyName("rule_name")] string RuleName,
    [property: JsonPropertyName("match_type")] int MatchType,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("action_address")] string ActionAddress,
    [property: JsonPropertyName("enabled")] int Enabled);

public sealed class ClickSendReceiptRule
{
    [JsonPropertyName("receipt_rule_id")][JsonConverter(typeof(FlexibleInt64Converter))] public long? ReceiptRuleId { get; set; }
    [JsonPropertyName("rule_name")][JsonConverter(typeof(FlexibleStringConverter))] public string? RuleName { get; set; }
    [JsonPropertyName("match_type")][JsonConverter(typeof(FlexibleInt64Converter))] public long? MatchType { get; set; }
    [JsonPropertyName("action")][JsonConverter(typeof(FlexibleStringConverter))] public string? Action { get; set; }
    [JsonPropertyName("action_address")][JsonConverter(typeof(FlexibleStringConverter))] public string? ActionAddress { get; set; }
    [JsonPropertyName("enabled")][JsonConverter(typeof(FlexibleInt64Converter))] public long? Enabled { get; set; }
}

/// <summary>ClickSend's times are Unix seconds; ours are ISO 8601 with their offset (UTC).</summary>
internal static class UnixTime
{
    public static long? Parse(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static DateTimeOffset? ToTime(long? seconds) =>
        seconds is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : null;
}

/// <summary>The message whose delivery status is asked, or which is cancelled.</summary>
public sealed class ClickSendMessageRoute
{
    /// <summary>ClickSend's message IDs are UUIDs; the pattern leaves room for any letters, digits and hyphens, never a path.</summary>
    public const string MessageIdPattern = "^[A-Za-z0-9-]{1,64}$";

    [FromRoute(Name = "message_id"), Pattern(MessageIdPattern, "must be the message ID ClickSend answered the send with, e.g. D6D16B28-46AC-484A-AB0A-A08CD08EF75C."),
     ApiField("Message ID", "The message_id ClickSend gave the message when it was sent.", Visibility = Visibility.Important,
         Example = "D6D16B28-46AC-484A-AB0A-A08CD08EF75C")]
    public string MessageId { get; init; } = "";
}

/// <summary>Which scheduled messages Cancel all scheduled SMS cancels.</summary>
public sealed class CancelAllScheduledSmsQuery
{
    [FromQuery(Name = "custom_string"), Text(SmsMessage.MaxCustomString),
     ApiField("Custom String", "Cancel only the scheduled messages sent with this custom string; leave it out to cancel every scheduled SMS.",
         Visibility = Visibility.Important, Example = "order-1042")]
    public string? CustomString { get; init; }
}

/// <summary>
/// Where a sent SMS is: the shared status fields, and ClickSend's own receipt or history fields beside them. The same
/// shape is what Get SMS delivery status answers and what the delivery receipt trigger delivers.
/// </summary>
public sealed class SmsDeliveryStatus : DeliveryStatusFields
{
    [JsonPropertyName("message_id")]
    [ApiField("Message ID", "ClickSend's ID of the sent message.", Visibility = Visibility.Important)]
    public string? MessageId { get; set; }

    [JsonPropertyName("source")]
    [ApiField("Source", "Where the status was read: receipt (ClickSend's delivery receipt) or history (its SMS history, when no receipt exists yet).", Visibility = Visibility.Advanced)]
    public string Source { get; set; } = Sources.Receipt;

    [JsonPropertyName("sent_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Sent At", "When ClickSend sent (or will send) the message, ISO 8601 with its offset.")]
    public DateTimeOffset? SentAt { get; set; }

    [JsonPropertyName("status_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Status At", "When ClickSend received this receipt from the network, ISO 8601 with its offset.")]
    public DateTimeOffset? StatusAt { get; set; }

    [JsonPropertyName("error_code")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Error Code", "ClickSend's error code, where it gives one.")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("error_text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Error Text", "ClickSend's error text, where it gives one.")]
    public string? ErrorText { get; set; }

    [JsonPropertyName("custom_string")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Custom String", "The custom string the message was sent with: your own reference.", Visibility = Visibility.Important)]
    public string? CustomString { get; set; }

    [JsonPropertyName("to")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("To", "The recipient, where ClickSend's history gives it.")]
    public string? To { get; set; }

    [JsonPropertyName("from")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("From", "The sender, where ClickSend's history gives it.")]
    public string? From { get; set; }

    [JsonPropertyName("subaccount_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Subaccount ID", "The ClickSend subaccount that sent the message.", Visibility = Visibility.Advanced)]
    public long? SubaccountId { get; set; }

    [JsonPropertyName("received_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Received At", "When the receipt reached the connector (trigger only).", Visibility = Visibility.Advanced)]
    public DateTimeOffset? ReceivedAt { get; set; }

    public static class Sources
    {
        public const string Receipt = "receipt";
        public const string History = "history";
    }

    public static SmsDeliveryStatus FromReceipt(ClickSendReceipt receipt)
    {
        var status = new SmsDeliveryStatus
        {
            MessageId = receipt.MessageId,
            Source = Sources.Receipt,
            SentAt = UnixTime.ToTime(receipt.TimestampSend),
            StatusAt = UnixTime.ToTime(receipt.Timestamp),
            // ClickSend's examples send error_code 0 with a text on a success: only a real code is an error.
            ErrorCode = receipt.ErrorCode is null or "0" ? null : receipt.ErrorCode,
            ErrorText = receipt.ErrorCode is null or "0" ? null : receipt.ErrorText,
            CustomString = receipt.CustomString,
            SubaccountId = receipt.SubaccountId,
        };
        status.Apply(DeliveryStatusMapping.FromClickSend(receipt.StatusCode, null, receipt.StatusText), receipt.StatusCode, receipt.StatusText);
        return status;
    }

    public static SmsDeliveryStatus FromHistory(ClickSendHistoryItem item)
    {
        var status = new SmsDeliveryStatus
        {
            MessageId = item.MessageId,
            Source = Sources.History,
            SentAt = UnixTime.ToTime(UnixTime.Parse(item.Schedule) ?? item.Date),
            CustomString = item.CustomString,
            To = item.To,
            From = item.From,
            SubaccountId = item.SubaccountId,
        };
        status.Apply(DeliveryStatusMapping.FromClickSend(item.StatusCode, item.Status, item.StatusText), item.StatusCode ?? item.Status, item.StatusText);
        return status;
    }
}

public sealed record SmsCancelled(
    [property: JsonPropertyName("message_id")][property: ApiField("Message ID", "The message that was cancelled.")] string MessageId,
    [property: JsonPropertyName("cancelled")][property: ApiField("Cancelled", "True: ClickSend cancelled the scheduled message.")] bool Cancelled,
    [property: JsonPropertyName("response_msg")][property: ApiField("Response Message", "ClickSend's description of the outcome.")] string? ResponseMsg);

public sealed record AllSmsCancelled(
    [property: JsonPropertyName("count")][property: ApiField("Count", "How many scheduled messages ClickSend cancelled.", Visibility = Visibility.Important)] long Count,
    [property: JsonPropertyName("custom_string")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][property: ApiField("Custom String", "The custom string the cancelled messages had, when the call named one.")] string? CustomString,
    [property: JsonPropertyName("response_msg")][property: ApiField("Response Message", "ClickSend's description of the outcome.")] string? ResponseMsg);
