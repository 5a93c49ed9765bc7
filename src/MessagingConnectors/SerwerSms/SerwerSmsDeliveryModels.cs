using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Delivery;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// SerwerSMS's answer to <c>messages/reports</c>: <c>{"paging":{"page","count"},"items":[...]}</c> (its PHP client's
/// docblock; the documentation page's own example was not published in full).
/// </summary>
internal sealed class SerwerSmsReportsAnswer
{
    [JsonPropertyName("items")]
    public List<SerwerSmsReportItem> Items { get; set; } = [];

    [JsonPropertyName("paging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<SerwerSmsPaging>))]
    public SerwerSmsPaging? Paging { get; set; }
}

/// <summary>
/// One sent message's report as SerwerSMS writes it (<c>messages/reports</c> item, and <c>messages/view</c>'s whole
/// answer). Every field is read leniently: numbers and booleans may come as text.
/// </summary>
internal sealed class SerwerSmsReportItem
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Id { get; set; }

    /// <summary>The caller's own id given at send time; SerwerSMS's documents list it as a filter, and may echo it.</summary>
    [JsonPropertyName("unique_id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? UniqueId { get; set; }

    [JsonPropertyName("phone")]
    public string? Phone { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>Times whose output form SerwerSMS does not document: read by <see cref="SerwerSmsTime.TryParseInstant"/>.</summary>
    [JsonPropertyName("queued")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Queued { get; set; }

    [JsonPropertyName("sent")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Sent { get; set; }

    [JsonPropertyName("delivered")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Delivered { get; set; }

    [JsonPropertyName("sender")]
    public string? Sender { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("reason")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Reason { get; set; }

    [JsonPropertyName("parts")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    public long? Parts { get; set; }

    [JsonPropertyName("cost")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Cost { get; set; }

    [JsonPropertyName("country")]
    public string? Country { get; set; }

    [JsonPropertyName("network")]
    public string? Network { get; set; }

    [JsonPropertyName("contact")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<SerwerSmsReceivedContact>))]
    public SerwerSmsReceivedContact? Contact { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

/// <summary>
/// A sent message's delivery status: the shared status fields, then SerwerSMS's own, with its times as ISO 8601 with
/// their offset.
/// </summary>
public sealed class SerwerSmsDeliveryReport : DeliveryStatusFields
{
    [JsonPropertyName("id")]
    [ApiField("Message ID", "SerwerSMS's ID of the sent message, as Send SMS answered it.", Visibility = Visibility.Important)]
    public string Id { get; set; } = "";

    [JsonPropertyName("unique_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Unique ID", "Your own ID given at send time, when SerwerSMS names it.")]
    public string? UniqueId { get; set; }

    [JsonPropertyName("phone")]
    [ApiField("Phone Number", "The recipient.", Visibility = Visibility.Important)]
    public string? Phone { get; set; }

    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Provider Reason", "SerwerSMS's reason word for an undelivered or unsent message, e.g. message_expired.")]
    public string? Reason { get; set; }

    [JsonPropertyName("queued_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Queued At", "When SerwerSMS queued the message, ISO 8601 with its offset.")]
    public DateTimeOffset? QueuedAt { get; set; }

    [JsonPropertyName("sent_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Sent At", "When SerwerSMS sent the message to the network, ISO 8601 with its offset.")]
    public DateTimeOffset? SentAt { get; set; }

    [JsonPropertyName("delivered_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Delivered At", "When the handset's network confirmed delivery, ISO 8601 with its offset.")]
    public DateTimeOffset? DeliveredAt { get; set; }

    [JsonPropertyName("sender")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Sender Name", "The sender name the message went out with.")]
    public string? Sender { get; set; }

    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Type", "eco, full, mms or voice.")]
    public string? Type { get; set; }

    [JsonPropertyName("text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Text", "The text sent.")]
    public string? Text { get; set; }

    [JsonPropertyName("parts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Parts", "SMS parts of the message.")]
    public long? Parts { get; set; }

    [JsonPropertyName("cost")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Cost", "What the message cost, as SerwerSMS wrote it.")]
    public string? Cost { get; set; }

    [JsonPropertyName("contact")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Contact", "The recipient as the account's contacts know them, when asked for and known.")]
    public SerwerSmsReceivedContact? Contact { get; set; }

    /// <summary>A SerwerSMS report in this API's names: its status read through the one mapping, its times converted.</summary>
    internal static SerwerSmsDeliveryReport From(SerwerSmsReportItem item)
    {
        var report = new SerwerSmsDeliveryReport
        {
            Id = item.Id ?? "",
            UniqueId = string.IsNullOrEmpty(item.UniqueId) ? null : item.UniqueId,
            Phone = item.Phone,
            Reason = string.IsNullOrWhiteSpace(item.Reason) ? null : item.Reason,
            QueuedAt = SerwerSmsTime.TryParseInstant(item.Queued, out var queued) ? queued : null,
            SentAt = SerwerSmsTime.TryParseInstant(item.Sent, out var sent) ? sent : null,
            DeliveredAt = SerwerSmsTime.TryParseInstant(item.Delivered, out var delivered) ? delivered : null,
            Sender = string.IsNullOrEmpty(item.Sender) ? null : item.Sender,
            Type = item.Type,
            Text = item.Text,
            Parts = item.Parts,
            Cost = item.Cost,
            Contact = item.Contact,
        };
        // SerwerSMS gives a status word and no status text of its own: the word is its code.
        report.Apply(DeliveryStatusMapping.FromSerwerSms(item.Status, item.Reason), item.Status, null);
        return report;
    }
}

public sealed class SerwerSmsDeliveryReportList
{
    [JsonPropertyName("items")]
    [ApiField("Reports", "The delivery reports on this page.")]
    public List<SerwerSmsDeliveryReport> Items { get; set; } = [];

    [JsonPropertyName("paging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Paging", "This page's number and the number of pages.")]
    public SerwerSmsPaging? Paging { get; set; }
}
