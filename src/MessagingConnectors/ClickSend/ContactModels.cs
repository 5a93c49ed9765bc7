using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CreateListRequest : IValidatable
{
    public const int MaxName = 100;

    [JsonPropertyName("list_name")]
    [ApiField("List Name", "Name of the new contact list.", Visibility = Visibility.Important, Required = true)]
    public string? ListName { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (errors.Required("list_name", ListName))
        {
            errors.MaxLength("list_name", ListName, MaxName);
            errors.NoControlCharacters("list_name", ListName, allowLineBreaks: false);
        }
    }
}

/// <summary>A contact to add to a list. ClickSend needs at least one of phone_number, email and fax_number.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CreateContactRequest : IValidatable
{
    public const int MaxField = 255;

    [JsonPropertyName("phone_number")]
    [ApiField("Phone Number", "Mobile number in E.164 form, or local with Country.", Visibility = Visibility.Important)]
    public string? PhoneNumber { get; set; }

    [JsonPropertyName("first_name")]
    [ApiField("First Name", "Contact's first name.", Visibility = Visibility.Important)]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [ApiField("Last Name", "Contact's last name.", Visibility = Visibility.Important)]
    public string? LastName { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Contact's email address.", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("fax_number")]
    [ApiField("Fax Number", "Fax number in E.164 form.", Visibility = Visibility.Important)]
    public string? FaxNumber { get; set; }

    [JsonPropertyName("organization_name")]
    [ApiField("Organization", "Contact's organization.", Visibility = Visibility.Important)]
    public string? OrganizationName { get; set; }

    [JsonPropertyName("address_line_1")]
    [ApiField("Address Line 1", "First address line.", Visibility = Visibility.Advanced)]
    public string? AddressLine1 { get; set; }

    [JsonPropertyName("address_line_2")]
    [ApiField("Address Line 2", "Second address line.", Visibility = Visibility.Advanced)]
    public string? AddressLine2 { get; set; }

    [JsonPropertyName("address_city")]
    [ApiField("City", "City.", Visibility = Visibility.Advanced)]
    public string? AddressCity { get; set; }

    [JsonPropertyName("address_state")]
    [ApiField("State", "State or region.", Visibility = Visibility.Advanced)]
    public string? AddressState { get; set; }

    [JsonPropertyName("address_postal_code")]
    [ApiField("Postal Code", "Postal code.", Visibility = Visibility.Advanced)]
    public string? AddressPostalCode { get; set; }

    [JsonPropertyName("address_country")]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code; also the country of a local phone number.", Visibility = Visibility.Advanced)]
    public string? AddressCountry { get; set; }

    [JsonPropertyName("custom_1")]
    [ApiField("Custom 1", "Your own field 1.", Visibility = Visibility.Advanced)]
    public string? Custom1 { get; set; }

    [JsonPropertyName("custom_2")]
    [ApiField("Custom 2", "Your own field 2.", Visibility = Visibility.Advanced)]
    public string? Custom2 { get; set; }

    [JsonPropertyName("custom_3")]
    [ApiField("Custom 3", "Your own field 3.", Visibility = Visibility.Advanced)]
    public string? Custom3 { get; set; }

    [JsonPropertyName("custom_4")]
    [ApiField("Custom 4", "Your own field 4.", Visibility = Visibility.Advanced)]
    public string? Custom4 { get; set; }

    public void Validate(ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(PhoneNumber) && string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(FaxNumber))
        {
            errors.Add("phone_number", "is required unless email or fax_number is given (ClickSend needs one of the three).");
        }

        if (AddressCountry is not null && !PhoneNumberRules.IsKnownRegion(AddressCountry))
        {
            errors.Add("address_country", "must be a two-letter ISO 3166 country code.");
        }

        if (!string.IsNullOrWhiteSpace(PhoneNumber))
        {
            PhoneNumber = Normalize("phone_number", ClickSendPhone.ToE164(PhoneNumber, AddressCountry, out var problem), problem, errors) ?? PhoneNumber;
        }

        if (!string.IsNullOrWhiteSpace(FaxNumber))
        {
            FaxNumber = Normalize("fax_number", ClickSendPhone.ToE164(FaxNumber, AddressCountry, out var problem), problem, errors) ?? FaxNumber;
        }

        if (!string.IsNullOrWhiteSpace(Email) && !IsEmail(Email))
        {
            errors.Add("email", "must be an email address.");
        }

        foreach (var (field, value) in new[]
                 {
                     ("first_name", FirstName), ("last_name", LastName), ("email", Email), ("organization_name", OrganizationName),
                     ("address_line_1", AddressLine1), ("address_line_2", AddressLine2), ("address_city", AddressCity),
                     ("address_state", AddressState), ("address_postal_code", AddressPostalCode),
                     ("custom_1", Custom1), ("custom_2", Custom2), ("custom_3", Custom3), ("custom_4", Custom4),
                 })
        {
            errors.MaxLength(field, value, MaxField);
            errors.NoControlCharacters(field, value, allowLineBreaks: false);
        }
    }

    private static string? Normalize(string field, string? e164, string? problem, ValidationErrors errors)
    {
        if (problem is not null)
        {
            errors.Add(field, problem);
        }

        return e164;
    }

    internal static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}

public sealed class Contact
{
    [JsonPropertyName("contact_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Contact ID", "ID of the contact.", Visibility = Visibility.Important)]
    public long? ContactId { get; set; }

    [JsonPropertyName("list_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("List ID", "The list the contact belongs to.")]
    public long? ListId { get; set; }

    [JsonPropertyName("phone_number")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Phone Number", "Mobile number.", Visibility = Visibility.Important)]
    public string? PhoneNumber { get; set; }

    [JsonPropertyName("first_name")]
    [ApiField("First Name", "First name.", Visibility = Visibility.Important)]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [ApiField("Last Name", "Last name.", Visibility = Visibility.Important)]
    public string? LastName { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address.")]
    public string? Email { get; set; }

    [JsonPropertyName("fax_number")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Fax Number", "Fax number.")]
    public string? FaxNumber { get; set; }

    [JsonPropertyName("organization_name")]
    [ApiField("Organization", "Organization.")]
    public string? OrganizationName { get; set; }

    [JsonPropertyName("address_line_1")]
    [ApiField("Address Line 1", "First address line.")]
    public string? AddressLine1 { get; set; }

    [JsonPropertyName("address_line_2")]
    [ApiField("Address Line 2", "Second address line.")]
    public string? AddressLine2 { get; set; }

    [JsonPropertyName("address_city")]
    [ApiField("City", "City.")]
    public string? AddressCity { get; set; }

    [JsonPropertyName("address_state")]
    [ApiField("State", "State or region.")]
    public string? AddressState { get; set; }

    [JsonPropertyName("address_postal_code")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Postal Code", "Postal code.")]
    public string? AddressPostalCode { get; set; }

    [JsonPropertyName("address_country")]
    [ApiField("Country", "Two-letter country code.")]
    public string? AddressCountry { get; set; }

    [JsonPropertyName("custom_1")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Custom 1", "Your own field 1.")]
    public string? Custom1 { get; set; }

    [JsonPropertyName("custom_2")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Custom 2", "Your own field 2.")]
    public string? Custom2 { get; set; }

    [JsonPropertyName("custom_3")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Custom 3", "Your own field 3.")]
    public string? Custom3 { get; set; }

    [JsonPropertyName("custom_4")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Custom 4", "Your own field 4.")]
    public string? Custom4 { get; set; }

    [JsonPropertyName("date_added")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Date Added", "When the contact was added, as a Unix timestamp.")]
    public long? DateAdded { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}
