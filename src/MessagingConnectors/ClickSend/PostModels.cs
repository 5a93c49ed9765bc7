using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.Media;
using MessagingConnectors.Sms;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>A letter or postcard recipient: ClickSend needs every address field but the second line.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PostRecipient
{
    public const int MaxField = 255;

    [JsonPropertyName("address_name")]
    [Text(MaxField)]
    [ApiField("Name", "Recipient's name.", Visibility = Visibility.Important, Required = true)]
    public string? AddressName { get; set; }

    [JsonPropertyName("address_line_1")]
    [Text(MaxField)]
    [ApiField("Address Line 1", "First address line.", Visibility = Visibility.Important, Required = true)]
    public string? AddressLine1 { get; set; }

    [JsonPropertyName("address_line_2")]
    [Text(MaxField)]
    [ApiField("Address Line 2", "Second address line.", Visibility = Visibility.Important)]
    public string? AddressLine2 { get; set; }

    [JsonPropertyName("address_city")]
    [Text(MaxField)]
    [ApiField("City", "City.", Visibility = Visibility.Important, Required = true)]
    public string? AddressCity { get; set; }

    [JsonPropertyName("address_state")]
    [Text(MaxField)]
    [ApiField("State", "State or region.", Visibility = Visibility.Important, Required = true)]
    public string? AddressState { get; set; }

    [JsonPropertyName("address_postal_code")]
    [Text(MaxField)]
    [ApiField("Postal Code", "Postal code.", Visibility = Visibility.Important, Required = true)]
    public string? AddressPostalCode { get; set; }

    [JsonPropertyName("address_country")]
    [CountryCode]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code.", Visibility = Visibility.Important, Required = true)]
    public string? AddressCountry { get; set; }

    [JsonPropertyName("return_address_id")]
    [Bounds(1)]
    [DynamicValues("GetReturnAddresses", ValueCollection = "data/data", ValuePath = "return_address_id", ValueTitle = "address_name")]
    [ApiField("Return Address ID", "One of the account's return addresses.", Visibility = Visibility.Important, Required = true, Example = 4)]
    public long? ReturnAddressId { get; set; }

    [JsonPropertyName("schedule")]
    [Bounds(0, BoundsAttribute.MaxUnixTime)]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("custom_string")]
    [Text(MaxField)]
    [ApiField("Custom String", "Your reference for this recipient.", Visibility = Visibility.Advanced)]
    public string? CustomString { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"file_url":"https://example.com/letter.pdf","colour":0,"duplex":0,"recipients":[{"address_name":"Jana Nováková","address_line_1":"1 Example Street","address_city":"Perth","address_state":"WA","address_postal_code":"6000","address_country":"AU","return_address_id":4}]}""")]
public sealed class SendLetterRequest : INormalizes, IHasFileInputs
{
    [JsonPropertyName("file_url")]
    [ReadableFile]
    [ApiField("File URL", "The letter as a portrait PDF of at most 10 MB: its URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public FileInput? FileUrl { get; set; }

    [JsonPropertyName("template_used")]
    [Flag]
    [ApiField("Template Used", "1 if the PDF follows ClickSend's letter template (address window), 0 if not.", Visibility = Visibility.Important)]
    public int? TemplateUsed { get; set; }

    [JsonPropertyName("colour")]
    [Flag]
    [ApiField("Colour", "1 to print in colour, 0 for black and white.", Visibility = Visibility.Important, Required = true)]
    public int? Colour { get; set; }

    [JsonPropertyName("duplex")]
    [Flag]
    [ApiField("Duplex", "1 to print on both sides, 0 for one side.", Visibility = Visibility.Important, Required = true)]
    public int? Duplex { get; set; }

    [JsonPropertyName("priority_post")]
    [Flag]
    [ApiField("Priority Post", "1 to send by priority post, 0 for standard.", Visibility = Visibility.Important)]
    public int? PriorityPost { get; set; }

    [JsonPropertyName("source")]
    [Text(SmsMessage.MaxSource)]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    [JsonPropertyName("recipients")]
    [Items(1, SendSmsRequest.MaxMessages)]
    [ApiField("Recipients", "Who receives the letter (1 to 1000 addresses).", Visibility = Visibility.Important, Required = true)]
    public List<PostRecipient>? Recipients { get; set; }

    public void Normalize() => Source ??= ClickSendClient.DefaultSource;

    public IEnumerable<FileField> FileInputs() => [new("file_url", FileUrl, MediaPurpose.Letter)];
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"file_urls":["https://example.com/postcard.pdf"],"recipients":[{"address_name":"Jana Nováková","address_line_1":"1 Example Street","address_city":"Perth","address_state":"WA","address_postal_code":"6000","address_country":"AU","return_address_id":4}]}""")]
public sealed class SendPostcardRequest : IHasFileInputs
{
    [JsonPropertyName("file_urls")]
    [Items(1, 2)]
    [ReadableFile]
    [ApiField("File URLs", "One PDF with both sides, or two (front, back), A5 with 5 mm bleed: each a URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public List<FileInput?>? FileUrls { get; set; }

    [JsonPropertyName("recipients")]
    [Items(1, SendSmsRequest.MaxMessages)]
    [ApiField("Recipients", "Who receives the postcard (1 to 1000 addresses).", Visibility = Visibility.Important, Required = true)]
    public List<PostRecipient>? Recipients { get; set; }

    public IEnumerable<FileField> FileInputs() =>
        (FileUrls ?? []).Select((file, i) => new FileField($"file_urls[{i}]", file, MediaPurpose.Postcard));
}

/// <summary>ClickSend's <c>data</c> for a letter or postcard send: totals and one entry per recipient.</summary>
public sealed class PostSendData
{
    [JsonPropertyName("total_price")]
    [ApiField("Total Price", "Total price in the account currency.")]
    public decimal? TotalPrice { get; set; }

    [JsonPropertyName("total_count")]
    [ApiField("Total Count", "Number of recipients in the request.")]
    public int? TotalCount { get; set; }

    [JsonPropertyName("queued_count")]
    [ApiField("Queued Count", "Number of items ClickSend queued.")]
    public int? QueuedCount { get; set; }

    [JsonPropertyName("recipients")]
    [ApiField("Recipients", "Every recipient with its own status.")]
    public List<PostRecipientResult>? Recipients { get; set; }

    [JsonPropertyName("_currency")]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<ClickSendCurrency>))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Currency", "The account currency.")]
    public ClickSendCurrency? Currency { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class PostRecipientResult : IHasSendStatus
{
    string? IHasSendStatus.Recipient => AddressName;

    [JsonPropertyName("message_id")]
    [ApiField("Message ID", "ClickSend's ID of the item.")]
    public string? MessageId { get; set; }

    [JsonPropertyName("address_name")]
    [ApiField("Name", "Recipient's name.")]
    public string? AddressName { get; set; }

    [JsonPropertyName("address_country")]
    [ApiField("Country", "Recipient's country.")]
    public string? AddressCountry { get; set; }

    [JsonPropertyName("post_price")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Price", "Price of this item.")]
    public string? PostPrice { get; set; }

    [JsonPropertyName("status")]
    [ApiField("Status", "SUCCESS when accepted, otherwise ClickSend's reason.")]
    public string? Status { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class PostSendResponse : SendResponse<PostSendData>;

public sealed class MessageSendResponse : SendResponse<SendData>;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"list_id":428,"name":"December offer","body":"Hello from Messaging Connectors","from":"MyShop"}""")]
public sealed class SendSmsCampaignRequest : INormalizes
{
    public const int MaxName = 100;

    [JsonPropertyName("list_id")]
    [Bounds(1)]
    [DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name")]
    [ApiField("List ID", "The contact list to send the campaign to.", Visibility = Visibility.Important, Required = true)]
    public long? ListId { get; set; }

    [JsonPropertyName("name")]
    [Text(MaxName)]
    [ApiField("Name", "Name of the campaign.", Visibility = Visibility.Important, Required = true)]
    public string? Name { get; set; }

    [JsonPropertyName("body")]
    [SmsBody]
    [ApiField("Body", "The message text; placeholders like (First Name) are filled per contact.", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("from")]
    [ClickSendSender]
    [ApiField("From", "Sender ID: a dedicated number, or up to 11 letters and digits.", Visibility = Visibility.Important, Required = true)]
    public string? From { get; set; }

    [JsonPropertyName("schedule")]
    [Bounds(0, BoundsAttribute.MaxUnixTime)]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("source")]
    [Text(SmsMessage.MaxSource)]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    public void Normalize() => Source ??= ClickSendClient.DefaultSource;
}

public sealed class SmsCampaign
{
    [JsonPropertyName("sms_campaign_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Campaign ID", "ClickSend's ID of the campaign.")]
    public long? SmsCampaignId { get; set; }

    [JsonPropertyName("list_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("List ID", "The contact list.")]
    public long? ListId { get; set; }

    [JsonPropertyName("name")]
    [ApiField("Name", "Name of the campaign.")]
    public string? Name { get; set; }

    [JsonPropertyName("body")]
    [ApiField("Body", "The message text.")]
    public string? Body { get; set; }

    [JsonPropertyName("from")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("From", "Sender ID.")]
    public string? From { get; set; }

    [JsonPropertyName("schedule")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Schedule", "When it is sent, as a Unix timestamp.")]
    public long? Schedule { get; set; }

    [JsonPropertyName("status")]
    [ApiField("Status", "Campaign status, e.g. Queued.")]
    public string? Status { get; set; }

    [JsonPropertyName("total_count")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Total Count", "Number of recipients.")]
    public long? TotalCount { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

/// <summary>Body of Convert media file format: the file's content (ClickSend converts content, so a URL is not accepted).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"content":"JVBERi0xLjQKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8L1Jvb3QgMSAwIFI+PgolJUVPRgo="}""")]
public sealed class UploadMediaRequest : IValidatable
{
    public static long MaxBytes => MediaPurpose.ConvertFax.MaxBytes;

    [JsonPropertyName("content")]
    [ReadableFile]
    [ApiField("Content", "The file: its content (base64, or a file content object) or a media ID.", Visibility = Visibility.Important, Required = true, Example = "JVBERi0xLjQKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8L1Jvb3QgMSAwIFI+PgolJUVPRgo=")]
    public FileInput? Content { get; set; }

    /// <summary>ClickSend converts content it is given; it does not fetch a URL.</summary>
    public void Validate(ValidationErrors errors)
    {
        if (Content?.Url is not null)
        {
            errors.Add("content", "must be the file content or a media ID: ClickSend converts content, not URLs.");
        }
    }
}

public sealed class UploadedMedia
{
    [JsonPropertyName("upload_id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Upload ID", "ClickSend's ID of the converted file.")]
    public string? UploadId { get; set; }

    [JsonPropertyName("file_name")]
    [ApiField("File Name", "Name of the converted file.")]
    public string? FileName { get; set; }

    [JsonPropertyName("date_added")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Date Added", "When it was converted, as a Unix timestamp.")]
    public long? DateAdded { get; set; }

    [JsonPropertyName("date_delete")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Date Delete", "When ClickSend deletes it (10 minutes after upload), as a Unix timestamp.")]
    public long? DateDelete { get; set; }

    [JsonPropertyName("_url")]
    [ApiField("URL", "URL of the converted file, to use as file_url or media_file.", Visibility = Visibility.Important)]
    public string? Url { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}
