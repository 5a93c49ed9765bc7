using System.Text.Json.Serialization;
using MessagingConnectors.Media;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Sms;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>Fields every MMS, voice and fax message shares; what ClickSend receives is this model after validation normalised it.</summary>
public abstract class OutboundMessage
{
    [JsonPropertyName("to")]
    [JsonPropertyOrder(-10)]
    [ApiField("To", "Recipient number in international E.164 form, e.g. +61411111111.", Visibility = Visibility.Important)]
    public string? To { get; set; }

    [JsonPropertyName("custom_string")]
    [ApiField("Custom String", "Your reference; it shows in reports and comes back with replies.", Visibility = Visibility.Important)]
    public string? CustomString { get; set; }

    [JsonPropertyName("list_id")]
    [DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name")]
    [ApiField("List ID", "Send to every contact of this list instead of To.", Visibility = Visibility.Internal)]
    public long? ListId { get; set; }

    [JsonPropertyName("schedule")]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("source")]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    /// <summary>Checks the recipient and the shared fields; fax needs E.164, the others also take a local number with a country.</summary>
    internal void ValidateShared(ValidationErrors errors, string field, bool strictE164, string? country = null)
    {
        if (ListId is null)
        {
            if (errors.Required($"{field}.to", To))
            {
                var e164 = strictE164 ? ClickSendPhone.ToStrictE164(To!, out var problem) : ClickSendPhone.ToE164(To!, country, out problem);
                if (problem is not null)
                {
                    errors.Add($"{field}.to", problem);
                }
                else
                {
                    To = e164;
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

        errors.MaxLength($"{field}.custom_string", CustomString, SmsMessage.MaxCustomString);
        errors.NoControlCharacters($"{field}.custom_string", CustomString, allowLineBreaks: false);
        errors.MaxLength($"{field}.source", Source, SmsMessage.MaxSource);
        errors.Range($"{field}.schedule", Schedule, 0, 253402300799);
        Source ??= ClickSendClient.DefaultSource;
    }

    /// <summary>Validates the list of messages of a send request: 1 to 1000, each checked by <paramref name="validate"/>.</summary>
    internal static bool ValidateMessages<T>(ValidationErrors errors, List<T>? messages, Action<T, string> validate) where T : class
    {
        if (!errors.Required("messages", messages))
        {
            return false;
        }

        if (messages!.Count is 0 or > SendSmsRequest.MaxMessages)
        {
            errors.Add("messages", $"must hold between 1 and {SendSmsRequest.MaxMessages} messages (got {messages.Count}).");
            return false;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is null)
            {
                errors.Add($"messages[{i}]", "is required.");
            }
            else
            {
                validate(messages[i], $"messages[{i}]");
            }
        }

        return true;
    }

}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class MmsMessage : OutboundMessage
{
    public const int MaxSubject = 20;
    public const int MaxGsmBody = 1500;
    public const int MaxUnicodeBody = 500;

    [JsonPropertyName("subject")]
    [ApiField("Subject", "Subject of the MMS, at most 20 characters.", Visibility = Visibility.Important, Required = true)]
    public string? Subject { get; set; }

    [JsonPropertyName("body")]
    [ApiField("Body", "The message text: up to 1,500 GSM-7 or 500 Unicode characters.", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("from")]
    [ApiField("From", "Dedicated number to send from.", Visibility = Visibility.Internal)]
    public string? From { get; set; }

    [JsonPropertyName("country")]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code of a local recipient number.", Visibility = Visibility.Advanced)]
    public string? Country { get; set; }

    internal void Validate(ValidationErrors errors, string field)
    {
        ValidateShared(errors, field, strictE164: false, Country);
        if (errors.Required($"{field}.subject", Subject))
        {
            errors.MaxLength($"{field}.subject", Subject, MaxSubject);
        }

        if (errors.Required($"{field}.body", Body))
        {
            var gsm = SmsSegments.IsGsm7(Body);
            errors.MaxLength($"{field}.body", Body, gsm ? MaxGsmBody : MaxUnicodeBody);
        }

        if (From is not null && ClickSendPhone.ToStrictE164(From, out _) is null)
        {
            errors.Add($"{field}.from", "must be a dedicated number in E.164 form.");
        }
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SendMmsRequest : IValidatable, IHasFileInputs
{
    [JsonPropertyName("media_file")]
    [ApiField("Media File", "The image (JPG or GIF, at most 250 kB): its URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public FileInput? MediaFile { get; set; }

    [JsonPropertyName("messages")]
    [ApiField("Messages", "The MMS messages to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<MmsMessage>? Messages { get; set; }

    public void Validate(ValidationErrors errors)
    {
        FileInput.Validate(errors, "media_file", MediaFile);
        OutboundMessage.ValidateMessages(errors, Messages, (m, field) => m.Validate(errors, field));
    }

    public IEnumerable<FileField> FileInputs() => [new("media_file", MediaFile, MediaPurpose.Mms)];
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class VoiceMessage : OutboundMessage
{
    public const int MaxBody = 1200;
    public static readonly IReadOnlyList<string> Voices = ["female", "male"];

    [JsonPropertyName("body")]
    [ApiField("Body", "Text to speak: up to 1,200 characters (every 300 are one voice message).", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("lang")]
    [DynamicValues("GetVoiceLanguages", ValueCollection = "data", ValuePath = "code", ValueTitle = "country")]
    [ApiField("Language", "Language of the voice, e.g. en-us.", Visibility = Visibility.Important, Required = true)]
    public string? Lang { get; set; }

    [JsonPropertyName("voice")]
    [ApiField("Voice", "female or male.", Visibility = Visibility.Important, Required = true)]
    public string? Voice { get; set; }

    [JsonPropertyName("require_input")]
    [ApiField("Require Input", "1 to ask the recipient to press a key, 0 not to.", Visibility = Visibility.Important)]
    public int? RequireInput { get; set; }

    [JsonPropertyName("machine_detection")]
    [ApiField("Machine Detection", "1 to detect an answering machine and leave the message after the beep, 0 not to.", Visibility = Visibility.Important)]
    public int? MachineDetection { get; set; }

    [JsonPropertyName("country")]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code of a local recipient number.", Visibility = Visibility.Advanced)]
    public string? Country { get; set; }

    internal void Validate(ValidationErrors errors, string field)
    {
        ValidateShared(errors, field, strictE164: false, Country);
        if (errors.Required($"{field}.body", Body))
        {
            errors.MaxLength($"{field}.body", Body, MaxBody);
        }

        if (errors.Required($"{field}.lang", Lang))
        {
            errors.OneOf($"{field}.lang", Lang, VoiceLanguageCodes.Known);
        }

        if (errors.Required($"{field}.voice", Voice))
        {
            errors.OneOf($"{field}.voice", Voice, Voices);
        }

        errors.Flag($"{field}.require_input", RequireInput);
        errors.Flag($"{field}.machine_detection", MachineDetection);
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SendVoiceRequest : IValidatable
{
    [JsonPropertyName("messages")]
    [ApiField("Messages", "The voice messages to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<VoiceMessage>? Messages { get; set; }

    public void Validate(ValidationErrors errors) =>
        OutboundMessage.ValidateMessages(errors, Messages, (m, field) => m.Validate(errors, field));
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class FaxMessage : OutboundMessage
{
    [JsonPropertyName("from")]
    [ApiField("From", "Fax number to send from.", Visibility = Visibility.Internal)]
    public string? From { get; set; }

    internal void Validate(ValidationErrors errors, string field)
    {
        ValidateShared(errors, field, strictE164: true);
        if (From is not null && ClickSendPhone.ToStrictE164(From, out _) is null)
        {
            errors.Add($"{field}.from", "must be a fax number in E.164 form.");
        }
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SendFaxRequest : IValidatable, IHasFileInputs
{
    [JsonPropertyName("file_url")]
    [ApiField("File URL", "The PDF to fax (portrait, at most 4 MB): its URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public FileInput? FileUrl { get; set; }

    [JsonPropertyName("messages")]
    [ApiField("Messages", "The faxes to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<FaxMessage>? Messages { get; set; }

    public void Validate(ValidationErrors errors)
    {
        FileInput.Validate(errors, "file_url", FileUrl);
        OutboundMessage.ValidateMessages(errors, Messages, (m, field) => m.Validate(errors, field));
    }

    public IEnumerable<FileField> FileInputs() => [new("file_url", FileUrl, MediaPurpose.Fax)];
}

/// <summary>Voice languages ClickSend offers (GET /voice/lang); <c>lang</c> must be one of them.</summary>
public static class VoiceLanguageCodes
{
    public static readonly IReadOnlyList<string> Known =
    [
        "en-us", "en-au", "en-gb", "en-in", "en-gb-wls", "cy-gb", "da-dk", "de-de", "es-es", "es-us", "fr-ca", "fr-fr",
        "is-is", "it-it", "ja-jp", "ko-kr", "nb-no", "nl-nl", "pl-pl", "pt-br", "pt-pt", "ro-ro", "ru-ru", "sv-se", "tr-tr", "zh-cn",
    ];
}
