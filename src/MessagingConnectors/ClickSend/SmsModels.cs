using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Sms;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>Body of Send SMS: the published connector's shape, <c>{"messages":[...]}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SendSmsRequest : IValidatable
{
    public const int MaxMessages = 1000;

    [JsonPropertyName("messages")]
    [ApiField("Messages", "The messages to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<SmsMessage>? Messages { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (!errors.Required("messages", Messages))
        {
            return;
        }

        if (Messages!.Count is 0 or > MaxMessages)
        {
            errors.Add("messages", $"must hold between 1 and {MaxMessages} messages (got {Messages.Count}).");
            return;
        }

        for (var i = 0; i < Messages.Count; i++)
        {
            var field = $"messages[{i}]";
            if (Messages[i] is null)
            {
                errors.Add(field, "is required.");
                continue;
            }

            Messages[i].Validate(errors, field);
        }
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SmsMessage
{
    public const int MaxCustomString = 255;
    public const int MaxSource = 100;
    public const int MaxAlphanumericSender = 11;

    [JsonPropertyName("to")]
    [ApiField("To", "Mobile phone number in international E.164 form, e.g. +61411111111; a local number needs Country.", Visibility = Visibility.Important)]
    public string? To { get; set; }

    [JsonPropertyName("body")]
    [ApiField("Body", "The message text: up to 1,224 GSM-7 characters or 536 Unicode characters (8 SMS parts).", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("custom_string")]
    [ApiField("Custom String", "Your reference; it shows in reports and comes back with replies.", Visibility = Visibility.Important)]
    public string? CustomString { get; set; }

    [JsonPropertyName("from")]
    [ApiField("From", "Sender ID: a dedicated number, or up to 11 letters and digits.", Visibility = Visibility.Advanced)]
    public string? From { get; set; }

    [JsonPropertyName("country")]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code of a local recipient number, e.g. AU.", Visibility = Visibility.Advanced)]
    public string? Country { get; set; }

    [JsonPropertyName("schedule")]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("list_id")]
    [DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name")]
    [ApiField("List ID", "Send to every contact of this list instead of To.", Visibility = Visibility.Internal)]
    public long? ListId { get; set; }

    [JsonPropertyName("source")]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    /// <summary>The recipient normalised to E.164 by validation; what ClickSend receives.</summary>
    [JsonIgnore]
    internal string? NormalizedTo { get; private set; }

    [JsonIgnore]
    internal SmsSegmentation Segmentation { get; private set; }

    internal void Validate(ValidationErrors errors, string field)
    {
        if (Country is not null && !PhoneNumberRules.IsKnownRegion(Country))
        {
            errors.Add($"{field}.country", "must be a two-letter ISO 3166 country code.");
        }

        if (ListId is null)
        {
            if (errors.Required($"{field}.to", To))
            {
                NormalizedTo = ClickSendPhone.ToE164(To!, Country, out var problem);
                if (problem is not null)
                {
                    errors.Add($"{field}.to", problem);
                }
            }
        }
        else
        {
            errors.Range($"{field}.list_id", ListId, 1, long.MaxValue);
            if (To is not null)
            {
                errors.Add($"{field}.to", "must be empty when list_id is given (ClickSend sends to one or the other).");
            }
        }

        if (errors.Required($"{field}.body", Body))
        {
            Segmentation = SmsSegments.Count(Body!);
            if (Segmentation.Parts > SmsSegments.MaxParts)
            {
                errors.Add($"{field}.body",
                    $"must fit in {SmsSegments.MaxParts} SMS parts: at most {SmsSegments.MaxUnits(SmsEncoding.Gsm7)} GSM-7 or " +
                    $"{SmsSegments.MaxUnits(SmsEncoding.Ucs2)} Unicode characters (this body is {Segmentation.Units} " +
                    $"{(Segmentation.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2")} characters, {Segmentation.Parts} parts).");
            }
        }

        errors.MaxLength($"{field}.custom_string", CustomString, MaxCustomString);
        errors.NoControlCharacters($"{field}.custom_string", CustomString, allowLineBreaks: false);
        errors.MaxLength($"{field}.source", Source, MaxSource);
        errors.Range($"{field}.schedule", Schedule, 0, 253402300799);
        if (From is not null && !IsValidSender(From))
        {
            errors.Add($"{field}.from", "must be a phone number in E.164 form or 1 to 11 letters, digits and spaces.");
        }
    }

    internal static bool IsValidSender(string from)
    {
        if (from.StartsWith('+'))
        {
            return ClickSendPhone.ToStrictE164(from, out _) is not null;
        }

        if (from.Length > 0 && from.All(char.IsAsciiDigit))
        {
            return from.Length <= 16;
        }

        return from.Length is > 0 and <= MaxAlphanumericSender
            && from.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ')
            && from.Trim().Length > 0;
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
