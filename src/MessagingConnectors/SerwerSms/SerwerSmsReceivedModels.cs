using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// SerwerSMS's answer to <c>messages/recived</c> (sic): <c>{"paging":{"page","count"},"items":[...]}</c>, paging's count
/// being the number of pages (SerwerSMS's published clients, PHP/Python/Node).
/// </summary>
internal sealed class SerwerSmsReceivedAnswer
{
    [JsonPropertyName("items")]
    public List<SerwerSmsReceivedItem> Items { get; set; } = [];

    [JsonPropertyName("paging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<SerwerSmsPaging>))]
    public SerwerSmsPaging? Paging { get; set; }
}

/// <summary>One received message as SerwerSMS writes it (its documentation's example and its PHP client's docblock).</summary>
internal sealed class SerwerSmsReceivedItem
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    public long? Id { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("phone")]
    public string? Phone { get; set; }

    /// <summary>"2014-10-21 11:18:03": Polish local time, no offset (the documents name no time zone; see SerwerSmsTime).</summary>
    [JsonPropertyName("recived")]
    public string? Recived { get; set; }

    /// <summary>The spelling SerwerSMS's newer clients (Ruby, Java, Symfony) use; read when <c>recived</c> is absent.</summary>
    [JsonPropertyName("received")]
    public string? Received { get; set; }

    [JsonPropertyName("message_id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? MessageId { get; set; }

    [JsonPropertyName("blacklist")]
    [JsonConverter(typeof(FlexibleBooleanConverter))]
    public bool? Blacklist { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("to_number")]
    public string? ToNumber { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("attachments")]
    public List<SerwerSmsReceivedAttachment>? Attachments { get; set; }

    [JsonPropertyName("contact")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<SerwerSmsReceivedContact>))]
    public SerwerSmsReceivedContact? Contact { get; set; }
}

/// <summary>An MMS attachment; <c>data</c> is the file (base64 in SerwerSMS's answer; its documents say "File").</summary>
public sealed class SerwerSmsReceivedAttachment
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Attachment ID", "SerwerSMS's ID of the attachment.")]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    [ApiField("File Name", "Name of the attached file.")]
    public string? Name { get; set; }

    [JsonPropertyName("content_type")]
    [ApiField("Content Type", "Media type of the attached file, e.g. image/jpeg.")]
    public string? ContentType { get; set; }

    [JsonPropertyName("data")]
    [ApiField("Content", "The attached file, base64-encoded.")]
    public string? Data { get; set; }
}

/// <summary>The sender as the account's contact book knows it.</summary>
public sealed class SerwerSmsReceivedContact
{
    [JsonPropertyName("first_name")]
    [ApiField("First Name", "First name of the contact.")]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [ApiField("Last Name", "Last name of the contact.")]
    public string? LastName { get; set; }

    [JsonPropertyName("company")]
    [ApiField("Company", "Company of the contact.")]
    public string? Company { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address of the contact.")]
    public string? Email { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

/// <summary>A message the account received, in this API's names, with its time as ISO 8601 with the offset.</summary>
public sealed class SerwerSmsReceivedMessage
{
    [JsonPropertyName("id")]
    [ApiField("Message ID", "SerwerSMS's ID of the received message (unique within its type).", Visibility = Visibility.Important)]
    public long Id { get; set; }

    [JsonPropertyName("type")]
    [ApiField("Type", "eco (a reply to an ECO SMS), nd or ndi (sent to the account's ND or NDI number) or mms.", Visibility = Visibility.Important)]
    public string Type { get; set; } = "";

    [JsonPropertyName("phone")]
    [ApiField("From", "The sender's phone number.", Visibility = Visibility.Important)]
    public string? Phone { get; set; }

    [JsonPropertyName("text")]
    [ApiField("Text", "The message text.", Visibility = Visibility.Important)]
    public string? Text { get; set; }

    [JsonPropertyName("received_at")]
    [ApiField("Received At", "When the message was received, ISO 8601 with its offset (SerwerSMS's Polish local time converted).", Visibility = Visibility.Important)]
    public DateTimeOffset? ReceivedAt { get; set; }

    [JsonPropertyName("reply_to_message_id")]
    [ApiField("Reply To Message ID", "For an ECO reply: the ID of the message it answers.")]
    public string? ReplyToMessageId { get; set; }

    [JsonPropertyName("to_number")]
    [ApiField("To", "The number the message was sent to (MMS).")]
    public string? ToNumber { get; set; }

    [JsonPropertyName("title")]
    [ApiField("Title", "The subject of an MMS.")]
    public string? Title { get; set; }

    [JsonPropertyName("blacklisted")]
    [ApiField("Blacklisted", "True when the sender is on the account's blacklist.")]
    public bool Blacklisted { get; set; }

    [JsonPropertyName("attachments")]
    [ApiField("Attachments", "The files of an MMS.")]
    public List<SerwerSmsReceivedAttachment> Attachments { get; set; } = [];

    [JsonPropertyName("contact")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Contact", "The sender as the account's contacts know them, when known.")]
    public SerwerSmsReceivedContact? Contact { get; set; }
}

public sealed class SerwerSmsReceivedList
{
    [JsonPropertyName("items")]
    [ApiField("Messages", "The received messages on this page.")]
    public List<SerwerSmsReceivedMessage> Items { get; set; } = [];

    [JsonPropertyName("paging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Paging", "This page's number and the number of pages.")]
    public SerwerSmsPaging? Paging { get; set; }
}
