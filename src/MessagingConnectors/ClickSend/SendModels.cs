using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.ClickSend;

/// <summary>ClickSend's <c>data</c> for an SMS, MMS, voice or fax send: totals and one entry per message.</summary>
public sealed class SendData
{
    [JsonPropertyName("total_price")]
    [ApiField("Total Price", "Total price of the messages in the account currency.")]
    public decimal? TotalPrice { get; set; }

    [JsonPropertyName("total_count")]
    [ApiField("Total Count", "Number of messages in the request.")]
    public int? TotalCount { get; set; }

    [JsonPropertyName("queued_count")]
    [ApiField("Queued Count", "Number of messages ClickSend queued for delivery.")]
    public int? QueuedCount { get; set; }

    [JsonPropertyName("blocked_count")]
    [ApiField("Blocked Count", "Number of messages ClickSend blocked.")]
    public int? BlockedCount { get; set; }

    [JsonPropertyName("messages")]
    [ApiField("Messages", "Every message with its own status.")]
    public List<MessageResult>? Messages { get; set; }

    /// <summary>Left out when ClickSend sends none (its documented MMS answer) or PHP's empty array: the schema has it as an object.</summary>
    [JsonPropertyName("_currency")]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<ClickSendCurrency>))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Currency", "The account currency.")]
    public ClickSendCurrency? Currency { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class MessageResult : IHasSendStatus
{
    string? IHasSendStatus.Recipient => To;


    [JsonPropertyName("direction")]
    [ApiField("Direction", "out for a sent message.")]
    public string? Direction { get; set; }

    [JsonPropertyName("date")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Date", "When the message was created, as a Unix timestamp.")]
    public long? Date { get; set; }

    [JsonPropertyName("to")]
    [ApiField("To", "The recipient.")]
    public string? To { get; set; }

    [JsonPropertyName("body")]
    [ApiField("Body", "The message text.")]
    public string? Body { get; set; }

    [JsonPropertyName("from")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("From", "The sender ID used.")]
    public string? From { get; set; }

    [JsonPropertyName("schedule")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Schedule", "When the message is sent, as a Unix timestamp.")]
    public long? Schedule { get; set; }

    [JsonPropertyName("message_id")]
    [ApiField("Message ID", "ClickSend's ID of the message.")]
    public string? MessageId { get; set; }

    [JsonPropertyName("message_parts")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Message Parts", "SMS parts ClickSend charged for.")]
    public long? MessageParts { get; set; }

    [JsonPropertyName("message_price")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Message Price", "Price of this message.")]
    public string? MessagePrice { get; set; }

    [JsonPropertyName("from_email")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("From Email", "Address that receives email replies.")]
    public string? FromEmail { get; set; }

    [JsonPropertyName("list_id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("List ID", "The contact list the message went to.")]
    public string? ListId { get; set; }

    [JsonPropertyName("custom_string")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Custom String", "Your reference.")]
    public string? CustomString { get; set; }

    [JsonPropertyName("contact_id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Contact ID", "The contact the message went to.")]
    public string? ContactId { get; set; }

    [JsonPropertyName("user_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("User ID", "ClickSend user that sent the message.")]
    public long? UserId { get; set; }

    [JsonPropertyName("subaccount_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Subaccount ID", "ClickSend subaccount that sent the message.")]
    public long? SubaccountId { get; set; }

    [JsonPropertyName("is_shared_system_number")]
    [JsonConverter(typeof(FlexibleBooleanConverter))]
    [ApiField("Shared System Number", "Whether the message went from one of ClickSend's shared numbers.", Visibility = Visibility.Advanced)]
    public bool? IsSharedSystemNumber { get; set; }

    [JsonPropertyName("country")]
    [ApiField("Country", "Recipient country.")]
    public string? Country { get; set; }

    [JsonPropertyName("carrier")]
    [ApiField("Carrier", "Recipient carrier.")]
    public string? Carrier { get; set; }

    [JsonPropertyName("status")]
    [ApiField("Status", "SUCCESS when accepted, otherwise ClickSend's reason, e.g. INVALID_RECIPIENT.")]
    public string? Status { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}


/// <summary>A per-recipient entry of a send answer, whose <c>status</c> is SUCCESS when ClickSend accepted it.</summary>
public interface IHasSendStatus
{
    /// <summary>Whom the entry was sent to (a number, address or name).</summary>
    string? Recipient { get; }

    string? Status { get; }
}

/// <summary>A send answer: ClickSend's envelope plus the counts a flow branches on without parsing.</summary>
public class SendResponse<TData> : ClickSendEnvelope<TData>
{
    [JsonPropertyName("accepted_count")]
    [JsonPropertyOrder(10)]
    [ApiField("Accepted Count", "Messages ClickSend accepted (status SUCCESS).")]
    public int AcceptedCount { get; set; }

    [JsonPropertyName("rejected_count")]
    [JsonPropertyOrder(11)]
    [ApiField("Rejected Count", "Messages ClickSend rejected; each has its reason in status.")]
    public int RejectedCount { get; set; }
}
