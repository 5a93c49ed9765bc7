using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.Media;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>A letter or postcard recipient: ClickSend needs every address field but the second line.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PostRecipient
{
    public const int MaxField = 255;

    [JsonPropertyName("address_name")]
    [ApiField("Name", "Recipient's name.", Visibility = Visibility.Important, Required = true)]
    public string? AddressName { get; set; }

    [JsonPropertyName("address_line_1")]
    [ApiField("Address Line 1", "First address line.", Visibility = Visibility.Important, Required = true)]
    public string? AddressLine1 { get; set; }

    [JsonPropertyName("address_line_2")]
    [ApiField("Address Line 2", "Second address line.", Visibility = Visibility.Important)]
    public string? AddressLine2 { get; set; }

    [JsonPropertyName("address_city")]
    [ApiField("City", "City.", Visibility = Visibility.Important, Required = true)]
    public string? AddressCity { get; set; }

    [JsonPropertyName("address_state")]
    [ApiField("State", "State or region.", Visibility = Visibility.Important, Required = true)]
    public string? AddressState { get; set; }

    [JsonPropertyName("address_postal_code")]
    [ApiField("Postal Code", "Postal code.", Visibility = Visibility.Important, Required = true)]
    public string? AddressPostalCode { get; set; }

    [JsonPropertyName("address_country")]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code.", Visibility = Visibility.Important, Required = true)]
    public string? AddressCountry { get; set; }

    [JsonPropertyName("return_address_id")]
    [DynamicValues("GetReturnAddresses", ValueCollection = "data/data", ValuePath = "return_address_id", ValueTitle = "address_name")]
    [ApiField("Return Address ID", "One of the account's return addresses.", Visibility = Visibility.Important, Required = true)]
    public long? ReturnAddressId { get; set; }

    [JsonPropertyName("schedule")]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("custom_string")]
    [ApiField("Custom String", "Your reference for this recipient.", Visibility = Visibility.Advanced)]
    public string? CustomString { get; set; }

    internal void Validate(ValidationErrors errors, string field)
    {
        foreach (var (name, value, required) in new[]
                 {
                     ("address_name", AddressName, true), ("address_line_1", AddressLine1, true), ("address_line_2", AddressLine2, false),
                     ("address_city", AddressCity, true), ("address_state", AddressState, true),
                     ("address_postal_code", AddressPostalCode, true), ("custom_string", CustomString, false),
                 })
        {
            if (!required || errors.Required($"{field}.{name}", value))
            {
                errors.MaxLength($"{field}.{name}", value, MaxField);
                errors.NoControlCharacters($"{field}.{name}", value, allowLineBreaks: false);
            }
        }

        if (errors.Required($"{field}.address_country", AddressCountry) && !PhoneNumberRules.IsKnownRegion(AddressCountry!))
        {
            errors.Add($"{field}.address_country", "must be a two-letter ISO 3166 country code.");
        }

        if (ReturnAddressId is null)
        {
            errors.Add($"{field}.return_address_id", "is required.");
        }
        else
        {
            errors.Range($"{field}.return_address_id", ReturnAddressId, 1, long.MaxValue);
        }

        errors.Range($"{field}.schedule", Schedule, 0, 253402300799);
    }

    internal static void ValidateAll(ValidationErrors errors, List<PostRecipient>? recipients)
    {
        if (!errors.Required("recipients", recipients))
        {
            return;
        }

        if (recipients!.Count is 0 or > SendSmsRequest.MaxMessages)
        {
            errors.Add("recipients", $"must hold between 1 and {SendSmsRequest.MaxMessages} recipients (got {recipients.Count}).");
            return;
        }

        for (var i = 0; i < recipients.Count; i++)
        {
            if (recipients[i] is null)
            {
                errors.Add($"recipients[{i}]", "is required.");
            }
            else
            {
                recipients[i].Validate(errors, $"recipients[{i}]");
            }
        }
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SendLetterRequest : IValidatable, IHasFileInputs
{
    [JsonPropertyName("file_url")]
    [ApiField("File URL", "The letter as a portrait PDF of at most 10 MB: its URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public FileInput? FileUrl { get; set; }

    [JsonPropertyName("template_used")]
    [ApiField("Template Used", "1 if the PDF follows ClickSend's letter template (address window), 0 if not.", Visibility = Visibility.Important)]
    public int? TemplateUsed { get; set; }

    [JsonPropertyName("colour")]
    [ApiField("Colour", "1 to print in colour, 0 for black and white.", Visibility = Visibility.Important, Required = true)]
    public int? Colour { get; set; }

    [JsonPropertyName("duplex")]
    [ApiField("Duplex", "1 to print on both sides, 0 for one side.", Visibility = Visibility.Important, Required = true)]
    public int? Duplex { get; set; }

    [JsonPropertyName("priority_post")]
    [ApiField("Priority Post", "1 to send by priority post, 0 for standard.", Visibility = Visibility.Important)]
    public int? PriorityPost { get; set; }

    [JsonPropertyName("source")]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    [JsonPropertyName("recipients")]
    [ApiField("Recipients", "Who receives the letter (1 to 1000 addresses).", Visibility = Visibility.Important, Required = true)]
    public List<PostRecipient>? Recipients { get; set; }

    public void Validate(ValidationErrors errors)
    {
        FileInput.Validate(errors, "file_url", FileUrl);
        errors.Flag("template_used", TemplateUsed);
        if (Colour is null)
        {
            errors.Add("colour", "is required (0 or 1).");
        }

        if (Duplex is null)
        {
            errors.Add("duplex", "is required (0 or 1).");
        }

        errors.Flag("colour", Colour);
        errors.Flag("duplex", Duplex);
        errors.Flag("priority_post", PriorityPost);
        errors.MaxLength("source", Source, SmsMessage.MaxSource);
        Source ??= ClickSendClient.DefaultSource;
        PostRecipient.ValidateAll(errors, Recipients);
    }

    public IEnumerable<FileField> FileInputs() => [new("file_url", FileUrl, MediaPurpose.Letter)];
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SendPostcardRequest : IValidatable, IHasFileInputs
{
    [JsonPropertyName("file_urls")]
    [ApiField("File URLs", "One PDF with both sides, or two (front, back), A5 with 5 mm bleed: each a URL, a media ID, or the file content.", Visibility = Visibility.Important, Required = true)]
    public List<FileInput?>? FileUrls { get; set; }

    [JsonPropertyName("recipients")]
    [ApiField("Recipients", "Who receives the postcard (1 to 1000 addresses).", Visibility = Visibility.Important, Required = true)]
    public List<PostRecipient>? Recipients { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (errors.Required("file_urls", FileUrls))
        {
            if (FileUrls!.Count is < 1 or > 2)
            {
                errors.Add("file_urls", $"must hold 1 or 2 URLs (got {FileUrls.Count}).");
            }

            for (var i = 0; i < FileUrls.Count; i++)
            {
                FileInput.Validate(errors, $"file_urls[{i}]", FileUrls[i]);
            }
        }

        PostRecipient.ValidateAll(errors, Recipients);
    }

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
public sealed class SendSmsCampaignRequest : IValidatable
{
    public const int MaxName = 100;

    [JsonPropertyName("list_id")]
    [DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name")]
    [ApiField("List ID", "The contact list to send the campaign to.", Visibility = Visibility.Important, Required = true)]
    public long? ListId { get; set; }

    [JsonPropertyName("name")]
    [ApiField("Name", "Name of the campaign.", Visibility = Visibility.Important, Required = true)]
    public string? Name { get; set; }

    [JsonPropertyName("body")]
    [ApiField("Body", "The message text; placeholders like (First Name) are filled per contact.", Visibility = Visibility.Important, Required = true)]
    public string? Body { get; set; }

    [JsonPropertyName("from")]
    [ApiField("From", "Sender ID: a dedicated number, or up to 11 letters and digits.", Visibility = Visibility.Important, Required = true)]
    public string? From { get; set; }

    [JsonPropertyName("schedule")]
    [ApiField("Schedule", "When to send, as a Unix timestamp; empty sends now.", Visibility = Visibility.Advanced)]
    public long? Schedule { get; set; }

    [JsonPropertyName("source")]
    [ApiField("Source", "Name of the sending application, shown in ClickSend reports.", Visibility = Visibility.Internal)]
    public string? Source { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (ListId is null)
        {
            errors.Add("list_id", "is required.");
        }

        errors.Range("list_id", ListId, 1, long.MaxValue);
        if (errors.Required("name", Name))
        {
            errors.MaxLength("name", Name, MaxName);
            errors.NoControlCharacters("name", Name, allowLineBreaks: false);
        }

        if (errors.Required("body", Body))
        {
            var parts = Sms.SmsSegments.Count(Body!);
            if (parts.Parts > Sms.SmsSegments.MaxParts)
            {
                errors.Add("body", $"must fit in {Sms.SmsSegments.MaxParts} SMS parts (this body needs {parts.Parts}).");
            }
        }

        if (errors.Required("from", From) && !SmsMessage.IsValidSender(From!))
        {
            errors.Add("from", "must be a phone number in E.164 form or 1 to 11 letters, digits and spaces.");
        }

        errors.Range("schedule", Schedule, 0, 253402300799);
        errors.MaxLength("source", Source, SmsMessage.MaxSource);
        Source ??= ClickSendClient.DefaultSource;
    }
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
public sealed class UploadMediaRequest : IValidatable
{
    public static long MaxBytes => MediaPurpose.ConvertFax.MaxBytes;

    [JsonPropertyName("content")]
    [ApiField("Content", "The file: its content (base64, or a file content object) or a media ID.", Visibility = Visibility.Important, Required = true)]
    public FileInput? Content { get; set; }

    public void Validate(ValidationErrors errors)
    {
        FileInput.Validate(errors, "content", Content);
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
