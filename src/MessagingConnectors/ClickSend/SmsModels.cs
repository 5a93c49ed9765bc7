using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Sms;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>Body of Send SMS: the published connector's shape, <c>{"messages":[...]}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"messages":[{"to":"+61411111111","body":"Hello from Messaging Connectors","custom_string":"order-1042"}]}""")]
public sealed class SendSmsRequest
{
    public const int MaxMessages = 1000;

    [JsonPropertyName("messages")]
    [Items(1, MaxMessages)]
    [ApiField("Messages", "The messages to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<SmsMessage>? Messages { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("to", "list_id", Exclusive = true, Reason = OutboundMessage.OneRecipient)]
public sealed class SmsMessage : INormalizes
{
    public const int MaxCustomString = 255;
    public const int MaxSource = 100;

    [JsonPropertyName("to")]
    [ClickSendPhone(CountryFrom = nameof(Country))]
    [ApiField("To", "Mobile phone number in international E.164 form, e.g. +61411111111; a local number needs Country. Required unless List ID is given.", Visibility = Visibility.Important)]
    public string? To { get; set; }

    [JsonPropertyName("body")]
    [SmsBody]
    [ApiField("Body", "The message text: up to 1,224 GSM-7 characters or 536 Unicode characters (8 SMS parts).", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("custom_string")]
    [Text(MaxCustomString)]
    [ApiField("Custom String", "Your reference; it shows in reports and comes back with replies.", Visibility = Visibility.Important)]
    public string? CustomString { get; set; }

    [JsonPropertyName("from")]
    [ClickSendSender]
    [ApiField("From", "Sender ID: a dedicated number, or up to 11 letters and digits.", Visibility = Visibility.Advanced)]
    public string? From { get; set; }

    [JsonPropertyName("country")]
    [CountryCode]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code of a local recipient number, e.g. AU.", Visibility = Visibility.Advanced)]
    public string? Country { get; set; }

    [JsonPropertyName("schedule")]
    [Bounds(0, BoundsAttribute.MaxUnixTime)]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("list_id")]
    [Bounds(1)]
    [DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name")]
    [ApiField("List ID", "Send to every contact of this list instead of To.", Visibility = Visibility.Internal)]
    public long? ListId { get; set; }

    [JsonPropertyName("source")]
    [Text(MaxSource)]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    /// <summary>The recipient in E.164, as ClickSend receives it (null when sent to a list); set once validation passed.</summary>
    [JsonIgnore]
    internal string? NormalizedTo { get; private set; }

    /// <summary>How the body splits into parts, worked out once for the answer's part counts.</summary>
    [JsonIgnore]
    internal SmsSegmentation Segmentation { get; private set; }

    public void Normalize()
    {
        NormalizedTo = To is null ? null : ClickSendPhone.ToE164(To, Country, out _);
        Segmentation = SmsSegments.Count(Body ?? "");
    }
}

/// <summary>One message as ClickSend's <c>POST /sms/send</c> expects it.</summary>
public sealed record ClickSendSmsMessage(
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("custom_string")] string? CustomString,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("schedule")] long? Schedule,
    [property: JsonPropertyName("list_id")] long? ListId,
    [property: JsonPropertyName("country")] string? Country);

public sealed record ClickSendSmsSendRequest([property: JsonPropertyName("messages")] IReadOnlyList<ClickSendSmsMessage> Messages);

/// <summary>How one requested body is split into SMS parts, in request order.</summary>
public sealed record SmsPartCount(
    [property: JsonPropertyName("to")][property: ApiField("To", "The recipient as requested, or the list.")] string? To,
    [property: JsonPropertyName("encoding")][property: ApiField("Encoding", "GSM-7 or UCS-2 (Unicode).")] SmsEncoding Encoding,
    [property: JsonPropertyName("characters")][property: ApiField("Characters", "Length in the encoding's units (GSM-7 extension characters count twice).")] int Characters,
    [property: JsonPropertyName("parts")][property: ApiField("Parts", "SMS parts the body needs.")] int Parts);

/// <summary>Send SMS answer: the send outcome plus how every body was split into parts.</summary>
public sealed class SendSmsResponse : SendResponse<SendData>
{
    [JsonPropertyName("part_counts")]
    [JsonPropertyOrder(12)]
    [ApiField("Part Counts", "Encoding and SMS parts of every requested message, in request order.")]
    public List<SmsPartCount> PartCounts { get; set; } = [];
}
