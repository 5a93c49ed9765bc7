using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.SerwerSms;

/// <summary>SerwerSMS phone numbers: international form; a Polish number without +48 gets it.</summary>
internal static class SerwerSmsPhone
{
    public const string DefaultRegion = "PL";

    public static string? Normalize(ValidationErrors errors, string field, string? raw, bool required)
    {
        if (raw is null && !required)
        {
            return null;
        }

        if (!errors.Required(field, raw))
        {
            return null;
        }

        var normalized = PhoneNumberRules.ToE164(raw!, DefaultRegion, out var problem);
        if (problem is not null)
        {
            errors.Add(field, "must be a phone number in international form (e.g. +48500600700), or a Polish number without +48.");
        }

        return normalized;
    }
}

/// <summary>Body of create group and rename group.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsGroupRequest : IValidatable
{
    public const int MaxName = 100;

    [JsonPropertyName("name")]
    [ApiField("Group Name", "Name of the group, at most 100 characters.", Visibility = Visibility.Important)]
    public string? Name { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (errors.Required("name", Name))
        {
            errors.MaxLength("name", Name, MaxName);
            errors.NoControlCharacters("name", Name, allowLineBreaks: false);
        }
    }
}

/// <summary>Body of Create contact: SerwerSMS's contact fields.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public class SerwerSmsContactRequest : IValidatable
{
    public const int MaxField = 255;

    [JsonPropertyName("group_id")]
    [DynamicValues("SerwerSmsGroupPicker")]
    [JsonConverter(typeof(IdListConverter))]
    [ApiField("Group ID", "The group or groups the contact belongs to: one id or an array of ids.", Visibility = Visibility.Important)]
    public List<long>? GroupId { get; set; }

    [JsonPropertyName("phone")]
    [ApiField("Phone Number", "Phone number in international form, e.g. +48500600700; a Polish number may omit +48.", Visibility = Visibility.Important)]
    public string? Phone { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address, at most 255 characters.", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("first_name")]
    [ApiField("First Name", "First name, at most 255 characters.", Visibility = Visibility.Important)]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [ApiField("Last Name", "Last name, at most 255 characters.", Visibility = Visibility.Important)]
    public string? LastName { get; set; }

    [JsonPropertyName("company")]
    [ApiField("Company", "Company name, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? Company { get; set; }

    [JsonPropertyName("tax_id")]
    [ApiField("VAT Number", "Tax identification number (NIP), at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? TaxId { get; set; }

    [JsonPropertyName("address")]
    [ApiField("Address", "Street address, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? Address { get; set; }

    [JsonPropertyName("city")]
    [ApiField("City", "City, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? City { get; set; }

    [JsonPropertyName("description")]
    [ApiField("Description", "Free-text note about the contact, at most 255 characters.", Visibility = Visibility.Advanced)]
    public string? Description { get; set; }

    [JsonIgnore]
    internal string? NormalizedPhone { get; private set; }

    /// <summary>A new contact needs its phone number; a change keeps the one it has unless given, and must change something.</summary>
    protected virtual bool IsChange => false;

    public void Validate(ValidationErrors errors)
    {
        if (IsChange && GroupId is null && Phone is null && TextFields().All(f => f.Value is null))
        {
            errors.Add("body", "must give at least one field to change.");
        }

        NormalizedPhone = SerwerSmsPhone.Normalize(errors, "phone", Phone, required: !IsChange);
        SerwerSmsRules.GroupIds(errors, "group_id", GroupId);
        foreach (var (field, value) in TextFields())
        {
            errors.MaxLength(field, value, MaxField);
            errors.NoControlCharacters(field, value, allowLineBreaks: field == "description");
        }

        if (!string.IsNullOrEmpty(Email) && !SerwerSmsRules.LooksLikeEmail(Email))
        {
            errors.Add("email", "must be an email address.");
        }
    }

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

    private IEnumerable<(string Field, string? Value)> TextFields() =>
    [
        ("email", Email), ("first_name", FirstName), ("last_name", LastName), ("company", Company),
        ("tax_id", TaxId), ("address", Address), ("city", City), ("description", Description),
    ];
}

/// <summary>Body of Edit contact: only the fields to change; every field left out keeps its value.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsContactChanges : SerwerSmsContactRequest
{
    protected override bool IsChange => true;
}

/// <summary>Body of import contacts: a group name (created when new) and the contacts to put in it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsImportRequest : IValidatable
{
    public const int MaxContacts = 10000;

    [JsonPropertyName("group_name")]
    [ApiField("Group Name", "Name of the group the contacts go to, at most 100 characters.", Visibility = Visibility.Important)]
    public string? GroupName { get; set; }

    [JsonPropertyName("contact")]
    [ApiField("Contacts", "The contacts to import (1 to 10,000).", Visibility = Visibility.Important)]
    public List<SerwerSmsImportContact>? Contact { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (errors.Required("group_name", GroupName))
        {
            errors.MaxLength("group_name", GroupName, SerwerSmsGroupRequest.MaxName);
        }

        if (!errors.Required("contact", Contact))
        {
            return;
        }

        if (Contact!.Count is 0 or > MaxContacts)
        {
            errors.Add("contact", $"must hold between 1 and {MaxContacts} contacts (got {Contact.Count}).");
            return;
        }

        for (var i = 0; i < Contact.Count; i++)
        {
            if (Contact[i] is null)
            {
                errors.Add($"contact[{i}]", "is required.");
                continue;
            }

            Contact[i].Validate(errors, $"contact[{i}]");
        }
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsImportContact
{
    [JsonPropertyName("phone")]
    [ApiField("Phone Number", "Phone number in international form; a Polish number may omit +48.", Visibility = Visibility.Important)]
    public string? Phone { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address, at most 255 characters.")]
    public string? Email { get; set; }

    [JsonPropertyName("first_name")]
    [ApiField("First Name", "First name, at most 255 characters.")]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [ApiField("Last Name", "Last name, at most 255 characters.")]
    public string? LastName { get; set; }

    [JsonPropertyName("company")]
    [ApiField("Company", "Company name, at most 255 characters.")]
    public string? Company { get; set; }

    [JsonIgnore]
    internal string? NormalizedPhone { get; private set; }

    internal void Validate(ValidationErrors errors, string field)
    {
        NormalizedPhone = SerwerSmsPhone.Normalize(errors, $"{field}.phone", Phone, required: true);
        errors.MaxLength($"{field}.email", Email, SerwerSmsContactRequest.MaxField);
        errors.MaxLength($"{field}.first_name", FirstName, SerwerSmsContactRequest.MaxField);
        errors.MaxLength($"{field}.last_name", LastName, SerwerSmsContactRequest.MaxField);
        errors.MaxLength($"{field}.company", Company, SerwerSmsContactRequest.MaxField);
    }
}

/// <summary>Body of send SMS: the recipients (phones or groups), the text and SerwerSMS's send options.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsSendSmsRequest : IValidatable
{
    public const int MaxRecipients = 10000;
    public const int MaxText = 1530;
    public const int MaxSender = 11;

    [JsonPropertyName("phone")]
    [JsonConverter(typeof(StringListConverter))]
    [ApiField("Phone Number", "Recipient phone number, or an array of them, in international form; a Polish number may omit +48.", Visibility = Visibility.Important)]
    public List<string>? Phone { get; set; }

    [JsonPropertyName("group_id")]
    [DynamicValues("SerwerSmsGroupPicker")]
    [JsonConverter(typeof(IdListConverter))]
    [ApiField("Group ID", "Send to every contact of this group (or array of groups) instead of phone numbers.", Visibility = Visibility.Important)]
    public List<long>? GroupId { get; set; }

    [JsonPropertyName("text")]
    [ApiField("Message", "The message text.", Visibility = Visibility.Important)]
    public string? Text { get; set; }

    [JsonPropertyName("sender")]
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

    [JsonIgnore]
    internal List<string>? NormalizedPhones { get; private set; }

    public void Validate(ValidationErrors errors)
    {
        var hasPhones = Phone is { Count: > 0 };
        var hasGroups = GroupId is { Count: > 0 };
        if (hasPhones == hasGroups)
        {
            errors.Add(hasPhones ? "group_id" : "phone", hasPhones
                ? "must be empty when phone is given (send to phone numbers or to groups)."
                : "is required (or group_id).");
        }

        if (Phone is { Count: > MaxRecipients })
        {
            errors.Add("phone", $"must hold at most {MaxRecipients} numbers (got {Phone.Count}).");
        }
        else if (hasPhones)
        {
            NormalizedPhones = [];
            for (var i = 0; i < Phone!.Count; i++)
            {
                NormalizedPhones.Add(SerwerSmsPhone.Normalize(errors, Phone.Count == 1 ? "phone" : $"phone[{i}]", Phone[i], required: true) ?? "");
            }
        }

        SerwerSmsRules.GroupIds(errors, "group_id", GroupId);
        if (errors.Required("text", Text))
        {
            errors.MaxLength("text", Text, MaxText);
        }

        if (Sender is not null && (Sender.Trim().Length == 0 || Sender.Length > MaxSender
                                   || !Sender.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '-' or '_' or '&' or '+')))
        {
            errors.Add("sender", $"must be a sender name of 1 to {MaxSender} letters, digits and spaces.");
        }
    }
}

/// <summary>Body of add to blacklist.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SerwerSmsBlacklistRequest : IValidatable
{
    [JsonPropertyName("phone")]
    [ApiField("Phone Number", "The number that must receive no more messages, in international form; a Polish number may omit +48.", Visibility = Visibility.Important)]
    public string? Phone { get; set; }

    [JsonIgnore]
    internal string? NormalizedPhone { get; private set; }

    public void Validate(ValidationErrors errors) =>
        NormalizedPhone = SerwerSmsPhone.Normalize(errors, "phone", Phone, required: true);
}

/// <summary>Rules shared by the SerwerSMS requests and query strings.</summary>
internal static class SerwerSmsRules
{
    public static readonly string[] Orders = ["asc", "desc"];
    public static readonly string[] GroupSorts = ["name"];
    public static readonly string[] ContactSorts = ["first_name", "last_name", "phone", "company", "tax_id", "email", "address", "city", "description"];

    public static void GroupIds(ValidationErrors errors, string field, List<long>? ids)
    {
        if (ids is not null && ids.Any(id => id <= 0))
        {
            errors.Add(field, "must be positive group ids.");
        }
    }

    public static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0 && !value.Any(char.IsWhiteSpace);
    }
}
