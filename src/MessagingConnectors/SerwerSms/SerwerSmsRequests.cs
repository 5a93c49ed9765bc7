using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.SerwerSms;

/// <summary>SerwerSMS phone numbers: international form; a Polish number without +48 gets it.</summary>
internal static class SerwerSmsPhone
{
    public const string DefaultRegion = "PL";

    public const string Problem = "must be a phone number in international form (e.g. +48500600700), or a Polish number without +48.";

    /// <summary>The E.164 form SerwerSMS receives; null for no number. Validation has refused a number this cannot read.</summary>
    public static string? ToE164(string? raw) => raw is null ? null : PhoneNumberRules.ToE164(raw, DefaultRegion, out _);
}

/// <summary>A phone number as SerwerSMS takes it (<see cref="SerwerSmsPhone"/>).</summary>
public sealed class SerwerSmsPhoneAttribute : PhoneNumberAttribute
{
    public override object? Example => "+48500600700";

    protected override string? Problem(string number, object model)
    {
        PhoneNumberRules.ToE164(number, SerwerSmsPhone.DefaultRegion, out var problem);
        return problem is null ? null : SerwerSmsPhone.Problem;
    }
}

/// <summary>Body of create group and rename group.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"name":"Customers"}""")]
public sealed class SerwerSmsGroupRequest
{
    public const int MaxName = 100;

    [JsonPropertyName("name")]
    [Text(MaxName)]
    [ApiField("Group Name", "Name of the group, at most 100 characters.", Visibility = Visibility.Important, Required = true)]
    public string? Name { get; set; }
}

/// <summary>Body of Create contact: SerwerSMS's contact fields.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[Requires("phone")]
[ApiExample("""{"phone":"+48500600700","first_name":"Jan","last_name":"Kowalski","email":"jan@example.com"}""")]
public class SerwerSmsContactRequest
{
    public const int MaxField = 255;

    [JsonPropertyName("group_id")]
    [Bounds(1)]
    [DynamicValues("SerwerSmsGroupPicker")]
    [JsonConverter(typeof(IdListConverter))]
    [ApiField("Group ID", "The group or groups the contact belongs to: one id or an array of ids.", Visibility = Visibility.Important)]
    public List<long>? GroupId { get; set; }

    [JsonPropertyName("phone")]
    [SerwerSmsPhone]
    [ApiField("Phone Number", "Phone number in international form, e.g. +48500600700; a Polish number may omit +48.", Visibility = Visibility.Important)]
    public string? Phone { get; set; }

    [JsonPropertyName("email")]
    [Email]
    [ApiField("Email", "Email address, at most 255 characters.", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("first_name")]
    [Text(MaxField)]
    [ApiField("First Name", "First name, at most 255 characters.", Visibility = Visibility.Important)]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [Text(MaxField)]
    [ApiField("Last Name", "Last name, at most 255 characters.", Visibility = Visibility.Important)]
    public string? LastName { get; set; }

    [JsonPropertyName("company")]
    [Text(MaxField)]
    [ApiField("Company", "Company name, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? Company { get; set; }

    [JsonPropertyName("tax_id")]
    [Text(MaxField)]
    [ApiField("VAT Number", "Tax identification number (NIP), at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? TaxId { get; set; }

    [JsonPropertyName("address")]
    [Text(MaxField)]
    [ApiField("Address", "Street address, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? Address { get; set; }

    [JsonPropertyName("city")]
    [Text(MaxField)]
    [ApiField("City", "City, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? City { get; set; }

    [JsonPropertyName("description")]
    [Text(MaxField, LineBreaks = true)]
    [ApiField("Description", "Free-text note about the contact, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? Description { get; set; }

    [JsonIgnore]
    internal string? NormalizedPhone => SerwerSmsPhone.ToE164(Phone);

    internal SerwerSmsContactFields ToFields() => new()
    {
        GroupIds = GroupId,
        Phone = NormalizedPhone,
        Email = Email,
        FirstName = FirstName,
        LastName = LastName,
        Company = Company,
        TaxId = TaxId,
        Address = Address,
        City = City,
        Description = Description,
    };

}

/// <summary>Body of Edit contact: only the fields to change; every field left out keeps its value.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("group_id", "phone", "email", "first_name", "last_name", "company", "tax_id", "address", "city", "description",
    Name = "body", Problem = "must give at least one field to change.", CountsEmpty = true)]
[ApiExample("""{"first_name":"Jan","company":"Example sp. z o.o."}""")]
public sealed class SerwerSmsContactChanges : SerwerSmsContactRequest;

/// <summary>Body of import contacts: a group name (created when new) and the contacts to put in it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"group_name":"Customers","contact":[{"phone":"+48500600700","first_name":"Jan"}]}""")]
public sealed class SerwerSmsImportRequest
{
    public const int MaxContacts = 10000;

    [JsonPropertyName("group_name")]
    [Text(SerwerSmsGroupRequest.MaxName)]
    [ApiField("Group Name", "Name of the group the contacts go to, at most 100 characters.", Visibility = Visibility.Important, Required = true)]
    public string? GroupName { get; set; }

    [JsonPropertyName("contact")]
    [Items(1, MaxContacts)]
    [ApiField("Contacts", "The contacts to import (1 to 10,000).", Visibility = Visibility.Important, Required = true)]
    public List<SerwerSmsImportContact>? Contact { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsImportContact
{
    [JsonPropertyName("phone")]
    [SerwerSmsPhone]
    [ApiField("Phone Number", "Phone number in international form; a Polish number may omit +48.", Visibility = Visibility.Important, Required = true)]
    public string? Phone { get; set; }

    [JsonPropertyName("email")]
    [Email]
    [ApiField("Email", "Email address, at most 255 characters.")]
    public string? Email { get; set; }

    [JsonPropertyName("first_name")]
    [Text(SerwerSmsContactRequest.MaxField)]
    [ApiField("First Name", "First name, at most 255 characters.")]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [Text(SerwerSmsContactRequest.MaxField)]
    [ApiField("Last Name", "Last name, at most 255 characters.")]
    public string? LastName { get; set; }

    [JsonPropertyName("company")]
    [Text(SerwerSmsContactRequest.MaxField)]
    [ApiField("Company", "Company name, at most 255 characters.")]
    public string? Company { get; set; }

    [JsonIgnore]
    internal string? NormalizedPhone => SerwerSmsPhone.ToE164(Phone);
}

/// <summary>Body of send SMS: the recipients (phones or groups), the text and SerwerSMS's send options.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("phone", "group_id", Exclusive = true, Reason = "send to phone numbers or to groups")]
[ApiExample("""{"phone":["+48500600700"],"text":"Hello from Messaging Connectors","test":true}""")]
public sealed class SerwerSmsSendSmsRequest : INormalizes, IValidatable
{
    public const int MaxUniqueId = 255;

    public const int MaxRecipients = 10000;
    public const int MaxText = 1530;
    public const int MaxSender = 11;

    [JsonPropertyName("phone")]
    [Items(0, MaxRecipients)]
    [SerwerSmsPhone]
    [JsonConverter(typeof(StringListConverter))]
    [ApiField("Phone Number", "Recipient phone number, or an array of them, in international form; a Polish number may omit +48.", Visibility = Visibility.Important)]
    public List<string>? Phone { get; set; }

    [JsonPropertyName("group_id")]
    [Bounds(1)]
    [DynamicValues("SerwerSmsGroupPicker")]
    [JsonConverter(typeof(IdListConverter))]
    [ApiField("Group ID", "Send to every contact of this group (or array of groups) instead of phone numbers.", Visibility = Visibility.Important)]
    public List<long>? GroupId { get; set; }

    [JsonPropertyName("text")]
    [Text(MaxText, LineBreaks = true)]
    [ApiField("Message", "The message text, at most 1,530 characters.", Visibility = Visibility.Important, Required = true)]
    public string? Text { get; set; }

    [JsonPropertyName("sender")]
    [Pattern(@"^(?=.*[^ ])[A-Za-z0-9 ._&+\-]{1,11}$", "must be a sender name of 1 to 11 letters, digits and spaces.")]
    [DynamicValues("SerwerSmsSenderPicker")]
    [ApiField("Sender Name", "An authorised sender name of the account (FULL SMS); empty sends an ECO SMS from a random number.", Visibility = Visibility.Important)]
    public string? Sender { get; set; }

    [JsonPropertyName("utf")]
    [ApiField("Unicode", "Send in UCS-2 so special characters (Cyrillic and others) arrive intact; FULL SMS only.", Visibility = Visibility.Advanced)]
    public bool? Utf { get; set; }

    [JsonPropertyName("flash")]
    [ApiField("Flash", "Show the message on the screen at once without storing it.", Visibility = Visibility.Advanced)]
    public bool? Flash { get; set; }

    [JsonPropertyName("test")]
    [ApiField("Test Mode", "Validate and queue nothing: SerwerSMS answers as for a send but sends and charges nothing.", Visibility = Visibility.Advanced)]
    public bool? Test { get; set; }

    [JsonPropertyName("date")]
    [ApiField("Schedule", "When to send, as an ISO 8601 date and time; empty sends now.", Visibility = Visibility.Advanced)]
    public DateTimeOffset? Date { get; set; }

    [JsonPropertyName("unique_id")]
    [Items(0, MaxRecipients)]
    [Text(MaxUniqueId)]
    [JsonConverter(typeof(StringListConverter))]
    [ApiField("Unique ID", "Your own ID for the message, or an array of them, one per phone number in the same order: Get message status " +
                           "and List delivery reports find the message by it. Send SMS answers each message with its own.",
        Visibility = Visibility.Advanced, Example = "order-2026-0001")]
    public List<string>? UniqueId { get; set; }

    [JsonIgnore]
    internal List<string>? NormalizedPhones { get; private set; }

    /// <summary>SerwerSMS pairs several unique ids with the phone numbers by position, so their counts must agree.</summary>
    public void Validate(ValidationErrors errors)
    {
        if (UniqueId is { Count: > 1 } ids && ids.Count != (Phone?.Count ?? 0))
        {
            errors.Add("unique_id", "must be one ID, or one per phone number in the same order.");
        }
    }

    /// <summary>Every number in E.164 once (a send takes up to 10,000), not on each read.</summary>
    public void Normalize() =>
        NormalizedPhones = Phone is { Count: > 0 } ? Phone.Select(phone => SerwerSmsPhone.ToE164(phone) ?? phone).ToList() : null;

}

/// <summary>Body of add to blacklist.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"phone":"+48600700800"}""")]
public sealed class SerwerSmsBlacklistRequest
{
    [JsonPropertyName("phone")]
    [SerwerSmsPhone]
    [ApiField("Phone Number", "The number that must receive no more messages, in international form; a Polish number may omit +48.", Visibility = Visibility.Important, Required = true)]
    public string? Phone { get; set; }

    [JsonIgnore]
    internal string? NormalizedPhone => SerwerSmsPhone.ToE164(Phone);
}
