using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.SerwerSms;

/// <summary>SerwerSMS's answer to a write: <c>{"success":true,"id":123}</c> (deletes have no id).</summary>
public sealed class SerwerSmsWriteResult
{
    [JsonPropertyName("success")]
    [JsonConverter(typeof(FlexibleBooleanConverter))]
    [ApiField("Success", "True when SerwerSMS carried out the operation.")]
    public bool? Success { get; set; }

    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("ID", "ID of the created or changed item.")]
    public long? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

/// <summary>Where a page sits in a paged list.</summary>
public sealed class SerwerSmsPaging
{
    [JsonPropertyName("page")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Page", "The number of this page.")]
    public long? Page { get; set; }

    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Page Count", "The number of pages.")]
    public long? Count { get; set; }
}

public sealed class SerwerSmsGroup
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Group ID", "SerwerSMS's ID of the group.")]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    [ApiField("Group Name", "Name of the group.")]
    public string? Name { get; set; }

    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Contact Count", "Number of contacts in the group.")]
    public long? Count { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class SerwerSmsGroupList
{
    [JsonPropertyName("items")]
    [ApiField("Groups", "The groups on this page.")]
    public List<SerwerSmsGroup> Items { get; set; } = [];

    [JsonPropertyName("paging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<SerwerSmsPaging>))]
    [ApiField("Paging", "This page's number and the number of pages.")]
    public SerwerSmsPaging? Paging { get; set; }
}

/// <summary>One group a phone number belongs to (<c>groups/check</c>).</summary>
public sealed class SerwerSmsPhoneGroup
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Contact ID", "ID of the contact with this number in the group.")]
    public long? Id { get; set; }

    [JsonPropertyName("group_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Group ID", "ID of the group.")]
    public long? GroupId { get; set; }

    [JsonPropertyName("group_name")]
    [ApiField("Group Name", "Name of the group.")]
    public string? GroupName { get; set; }
}

public sealed class SerwerSmsPhoneGroupList
{
    [JsonPropertyName("items")]
    [ApiField("Groups", "Every group the number belongs to.")]
    public List<SerwerSmsPhoneGroup> Items { get; set; } = [];
}

public sealed class SerwerSmsContact
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Contact ID", "SerwerSMS's ID of the contact.")]
    public long? Id { get; set; }

    [JsonPropertyName("phone")]
    [ApiField("Phone Number", "Phone number in international form.")]
    public string? Phone { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address.")]
    public string? Email { get; set; }

    [JsonPropertyName("company")]
    [ApiField("Company", "Company name.")]
    public string? Company { get; set; }

    [JsonPropertyName("first_name")]
    [ApiField("First Name", "First name.")]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [ApiField("Last Name", "Last name.")]
    public string? LastName { get; set; }

    [JsonPropertyName("tax_id")]
    [ApiField("VAT Number", "Tax identification number (NIP).")]
    public string? TaxId { get; set; }

    [JsonPropertyName("address")]
    [ApiField("Address", "Street address.")]
    public string? Address { get; set; }

    [JsonPropertyName("city")]
    [ApiField("City", "City.")]
    public string? City { get; set; }

    [JsonPropertyName("description")]
    [ApiField("Description", "Free-text note about the contact.")]
    public string? Description { get; set; }

    [JsonPropertyName("blacklist")]
    [JsonConverter(typeof(FlexibleBooleanConverter))]
    [ApiField("Blacklisted", "True when the number is on the blacklist and gets no messages.")]
    public bool? Blacklist { get; set; }

    [JsonPropertyName("group_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Group ID", "ID of the contact's group.")]
    public long? GroupId { get; set; }

    [JsonPropertyName("group_name")]
    [ApiField("Group Name", "Name of the contact's group.")]
    public string? GroupName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class SerwerSmsContactList
{
    [JsonPropertyName("items")]
    [ApiField("Contacts", "The contacts on this page.")]
    public List<SerwerSmsContact> Items { get; set; } = [];

    [JsonPropertyName("paging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<SerwerSmsPaging>))]
    [ApiField("Paging", "This page's number and the number of pages.")]
    public SerwerSmsPaging? Paging { get; set; }
}

public sealed class SerwerSmsImportResult
{
    [JsonPropertyName("success")]
    [JsonConverter(typeof(FlexibleBooleanConverter))]
    [ApiField("Success", "True when SerwerSMS ran the import.")]
    public bool? Success { get; set; }

    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Group ID", "ID of the group the contacts went to.")]
    public long? Id { get; set; }

    [JsonPropertyName("correct")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Imported", "Number of contacts imported.")]
    public long? Correct { get; set; }

    [JsonPropertyName("failed")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Failed", "Number of contacts SerwerSMS could not import.")]
    public long? Failed { get; set; }
}

/// <summary>One recipient of a send, as SerwerSMS reports it with <c>details</c>.</summary>
public sealed class SerwerSmsMessageResult
{
    public const string Queued = "queued";

    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Message ID", "SerwerSMS's ID of the message: Get message status and List delivery reports find it by this.")]
    public string? Id { get; set; }

    [JsonPropertyName("unique_id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Unique ID", "Your own ID of the message, as given in unique_id.")]
    public string? UniqueId { get; set; }

    [JsonPropertyName("phone")]
    [ApiField("Phone Number", "The recipient.")]
    public string? Phone { get; set; }

    [JsonPropertyName("status")]
    [ApiField("Status", "queued when accepted, unsent when refused (see error_message).")]
    public string? Status { get; set; }

    [JsonPropertyName("queued")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Queued At", "When SerwerSMS queued the message.")]
    public string? QueuedAt { get; set; }

    [JsonPropertyName("parts")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Parts", "SMS parts of the message.")]
    public long? Parts { get; set; }

    [JsonPropertyName("error_code")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Error Code", "SerwerSMS's code of the reason an unsent message was refused.")]
    public long? ErrorCode { get; set; }

    [JsonPropertyName("error_message")]
    [ApiField("Error Message", "Why an unsent message was refused.")]
    public string? ErrorMessage { get; set; }

    [JsonPropertyName("text")]
    [ApiField("Text", "The text sent.")]
    public string? Text { get; set; }
}

/// <summary>Send SMS answer: SerwerSMS's totals and per-recipient items, plus counts a flow branches on.</summary>
public sealed class SerwerSmsSendSmsResponse
{
    [JsonPropertyName("success")]
    [JsonConverter(typeof(FlexibleBooleanConverter))]
    [ApiField("Success", "True when SerwerSMS took the request.")]
    public bool? Success { get; set; }

    [JsonPropertyName("queued")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Queued", "Number of messages queued for sending.")]
    public long? Queued { get; set; }

    [JsonPropertyName("unsent")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Unsent", "Number of messages SerwerSMS refused.")]
    public long? Unsent { get; set; }

    [JsonPropertyName("items")]
    [ApiField("Messages", "Every recipient with its own status.")]
    public List<SerwerSmsMessageResult>? Items { get; set; }

    [JsonPropertyName("accepted_count")]
    [ApiField("Accepted Count", "Messages SerwerSMS queued (status queued).")]
    public int AcceptedCount { get; set; }

    [JsonPropertyName("rejected_count")]
    [ApiField("Rejected Count", "Messages SerwerSMS refused; each has its reason in error_message.")]
    public int RejectedCount { get; set; }
}

/// <summary>A sender name of the account (<c>senders/index</c>).</summary>
public sealed class SerwerSmsSender
{
    [JsonPropertyName("name")]
    [ApiField("Sender Name", "The sender name.")]
    public string? Name { get; set; }

    [JsonPropertyName("agreement")]
    [ApiField("Agreement", "delivered, required or not_required.")]
    public string? Agreement { get; set; }

    [JsonPropertyName("status")]
    [ApiField("Status", "pending_authorization, authorized, rejected or deactivated.")]
    public string? Status { get; set; }
}

public sealed class SerwerSmsSenderList
{
    [JsonPropertyName("items")]
    [ApiField("Senders", "The account's sender names.")]
    public List<SerwerSmsSender> Items { get; set; } = [];
}

/// <summary>A picker entry for a group: what the certified connector's <c>get_group</c> returns.</summary>
public sealed record SerwerSmsGroupOption(
    [property: JsonPropertyName("id")][property: ApiField("Group ID", "The value to send as group_id.")] long Id,
    [property: JsonPropertyName("title")][property: ApiField("Group Name", "The name to show.")] string Title);

/// <summary>A picker entry for a sender name: what the certified connector's <c>get_sender</c> returns.</summary>
public sealed record SerwerSmsSenderOption(
    [property: JsonPropertyName("id")][property: ApiField("Sender ID", "The sender name, as sent in sender.")] string Id,
    [property: JsonPropertyName("title")][property: ApiField("Sender Name", "The name to show.")] string Title);
