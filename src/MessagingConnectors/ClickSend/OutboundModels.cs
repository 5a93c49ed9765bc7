using System.Text.Json.Serialization;
using MessagingConnectors.Media;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Sms;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>
/// Fields every MMS, voice and fax message shares. What ClickSend receives is this model once validated and normalised.
/// </summary>
[FieldGroup("to", "list_id", Exclusive = true, Reason = OneRecipient)]
public abstract class OutboundMessage : INormalizes
{
    public const string OneRecipient = "ClickSend sends to a number or to a contact list";

    [JsonPropertyName("to")]
    [JsonPropertyOrder(-10)]
    [ClickSendPhone(CountryFrom = "Country")]
    [ApiField("To", "Recipient number in international E.164 form, e.g. +61411111111 (a local number needs Country where the message has one). Required unless List ID is given.", Visibility = Visibility.Important)]
    public string? To { get; set; }

    [JsonPropertyName("custom_string")]
    [Text(SmsMessage.MaxCustomString)]
    [ApiField("Custom String", "Your reference; it shows in reports and comes back with replies.", Visibility = Visibility.Important)]
    public string? CustomString { get; set; }

    [JsonPropertyName("list_id")]
    [Bounds(1)]
    [DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name")]
    [ApiField("List ID", "Send to every contact of this list instead of To.", Visibility = Visibility.Internal)]
    public long? ListId { get; set; }

    [JsonPropertyName("schedule")]
    [Bounds(0, BoundsAttribute.MaxUnixTime)]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("source")]
    [Text(SmsMessage.MaxSource)]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    /// <summary>The country of a local recipient number, where the message type takes one.</summary>
    protected virtual string? RecipientCountry => null;

    /// <summary>The recipient in the form ClickSend takes, and the sending application named.</summary>
    public void Normalize()
    {
        To = To is null ? null : ClickSendPhone.ToE164(To, RecipientCountry, out _) ?? To;
        Source ??= ClickSendClient.DefaultSource;
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class MmsMessage : OutboundMessage
{
    public const int MaxSubject = 20;
    public const int MaxGsmBody = 1500;
    public const int MaxUnicodeBody = 500;

    [JsonPropertyName("subject")]
    [Text(MaxSubject)]
    [ApiField("Subject", "Subject of the MMS, at most 20 characters.", Visibility = Visibility.Important, Required = true)]
    public string? Subject { get; set; }

    [JsonPropertyName("body")]
    [GsmLength(MaxGsmBody, MaxUnicodeBody)]
    [ApiField("Body", "The message text: up to 1,500 GSM-7 or 500 Unicode characters.", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("from")]
    [ClickSendPhone(Strict = true)]
    [ApiField("From", "Dedicated number to send from, in E.164 form.", Visibility = Visibility.Internal)]
    public string? From { get; set; }

    [JsonPropertyName("country")]
    [CountryCode]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code of a local recipient number.", Visibility = Visibility.Advanced)]
    public string? Country { get; set; }

    protected override string? RecipientCountry => Country;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"media_file":"https://example.com/image.jpg","messages":[{"to":"+61411111111","subject":"Hello","body":"Hello from Messaging Connectors"}]}""")]
public sealed class SendMmsRequest : IHasFileInputs
{
    [JsonPropertyName("media_file")]
    [ReadableFile]
    [ApiField("Media File", "The image (JPG or GIF, at most 250 kB): its URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true, Example = "https://example.com/image.jpg")]
    public FileInput? MediaFile { get; set; }

    [JsonPropertyName("messages")]
    [Items(1, SendSmsRequest.MaxMessages)]
    [ApiField("Messages", "The MMS messages to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<MmsMessage>? Messages { get; set; }

    public IEnumerable<FileField> FileInputs() => [new("media_file", MediaFile, MediaPurpose.Mms)];
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class VoiceMessage : OutboundMessage
{
    public const int MaxBody = 1200;
    public static readonly IReadOnlyList<string> Voices = ["female", "male"];

    [JsonPropertyName("body")]
    [Text(MaxBody, LineBreaks = true)]
    [ApiField("Body", "Text to speak: up to 1,200 characters (every 300 are one voice message).", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("lang")]
    [OneOf(typeof(VoiceLanguageCodes), nameof(VoiceLanguageCodes.Known))]
    [DynamicValues("GetVoiceLanguages", ValueCollection = "data", ValuePath = "code", ValueTitle = "country")]
    [ApiField("Language", "Language of the voice, e.g. en-us.", Visibility = Visibility.Important, Required = true)]
    public string? Lang { get; set; }

    [JsonPropertyName("voice")]
    [OneOf(typeof(VoiceMessage), nameof(Voices))]
    [ApiField("Voice", "female or male.", Visibility = Visibility.Important, Required = true)]
    public string? Voice { get; set; }

    [JsonPropertyName("require_input")]
    [Flag]
    [ApiField("Require Input", "1 to ask the recipient to press a key, 0 not to.", Visibility = Visibility.Important)]
    public int? RequireInput { get; set; }

    [JsonPropertyName("machine_detection")]
    [Flag]
    [ApiField("Machine Detection", "1 to detect an answering machine and leave the message after the beep, 0 not to.", Visibility = Visibility.Important)]
    public int? MachineDetection { get; set; }

    [JsonPropertyName("country")]
    [CountryCode]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code of a local recipient number.", Visibility = Visibility.Advanced)]
    public string? Country { get; set; }

    protected override string? RecipientCountry => Country;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"messages":[{"to":"+61411111111","body":"Hello from Messaging Connectors","lang":"en-au","voice":"female"}]}""")]
public sealed class SendVoiceRequest
{
    [JsonPropertyName("messages")]
    [Items(1, SendSmsRequest.MaxMessages)]
    [ApiField("Messages", "The voice messages to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<VoiceMessage>? Messages { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class FaxMessage : OutboundMessage
{
    [JsonPropertyName("from")]
    [ClickSendPhone(Strict = true)]
    [ApiField("From", "Fax number to send from, in E.164 form.", Visibility = Visibility.Internal)]
    public string? From { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"file_url":"https://example.com/fax.pdf","messages":[{"to":"+61261111111"}]}""")]
public sealed class SendFaxRequest : IHasFileInputs
{
    [JsonPropertyName("file_url")]
    [ReadableFile]
    [ApiField("File URL", "The PDF to fax (portrait, at most 4 MB): its URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public FileInput? FileUrl { get; set; }

    [JsonPropertyName("messages")]
    [Items(1, SendSmsRequest.MaxMessages)]
    [ApiField("Messages", "The faxes to send, one per recipient (1 to 1000).", Visibility = Visibility.Important, Required = true)]
    public List<FaxMessage>? Messages { get; set; }

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
