using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"list_name":"Customers"}""")]
public sealed class CreateListRequest
{
    public const int MaxName = 100;

    [JsonPropertyName("list_name")]
    [Text(MaxName)]
    [ApiField("List Name", "Name of the new contact list.", Visibility = Visibility.Important, Required = true)]
    public string? ListName { get; set; }
}

/// <summary>A contact to add to a list. ClickSend needs at least one of phone_number, email and fax_number.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("phone_number", "email", "fax_number", Reason = "ClickSend needs one of the three")]
[ApiExample("""{"phone_number":"+61411111111","first_name":"Jana","last_name":"Nováková","email":"jana@example.com"}""")]
public sealed class CreateContactRequest : INormalizes
{
    public const int MaxField = 255;

    [JsonPropertyName("phone_number")]
    [ClickSendPhone(CountryFrom = nameof(AddressCountry))]
    [ApiField("Phone Number", "Mobile number in E.164 form, or local with Country.", Visibility = Visibility.Important)]
    public string? PhoneNumber { get; set; }

    [JsonPropertyName("first_name")]
    [Text(MaxField)]
    [ApiField("First Name", "Contact's first name.", Visibility = Visibility.Important)]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    [Text(MaxField)]
    [ApiField("Last Name", "Contact's last name.", Visibility = Visibility.Important)]
    public string? LastName { get; set; }

    [JsonPropertyName("email")]
    [Email]
    [ApiField("Email", "Contact's email address.", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("fax_number")]
    [ClickSendPhone(CountryFrom = nameof(AddressCountry))]
    [ApiField("Fax Number", "Fax number in E.164 form.", Visibility = Visibility.Important)]
    public string? FaxNumber { get; set; }

    [JsonPropertyName("organization_name")]
    [Text(MaxField)]
    [ApiField("Organization", "Contact's organization.", Visibility = Visibility.Important)]
    public string? OrganizationName { get; set; }

    [JsonPropertyName("address_line_1")]
    [Text(MaxField)]
    [ApiField("Address Line 1", "First address line.", Visibility = Visibility.Advanced)]
    public string? AddressLine1 { get; set; }

    [JsonPropertyName("address_line_2")]
    [Text(MaxField)]
    [ApiField("Address Line 2", "Second address line.", Visibility = Visibility.Advanced)]
    public string? AddressLine2 { get; set; }

    [JsonPropertyName("address_city")]
    [Text(MaxField)]
    [ApiField("City", "City.", Visibility = Visibility.Advanced)]
    public string? AddressCity { get; set; }

    [JsonPropertyName("address_state")]
    [Text(MaxField)]
    [ApiField("State", "State or region.", Visibility = Visibility.Advanced)]
    public string? AddressState { get; set; }

    [JsonPropertyName("address_postal_code")]
    [Text(MaxField)]
    [ApiField("Postal Code", "Postal code.", Visibility = Visibility.Advanced)]
    public string? AddressPostalCode { get; set; }

    [JsonPropertyName("address_country")]
    [CountryCode]
    [DynamicValues("GetCountries", ValueCollection = "data", ValuePath = "code", ValueTitle = "value")]
    [ApiField("Country", "Two-letter country code; also the country of a local phone number.", Visibility = Visibility.Advanced)]
    public string? AddressCountry { get; set; }

    [JsonPropertyName("custom_1")]
    [Text(MaxField)]
    [ApiField("Custom 1", "Your own field 1.", Visibility = Visibility.Advanced)]
    public string? Custom1 { get; set; }

    [JsonPropertyName("custom_2")]
    [Text(MaxField)]
    [ApiField("Custom 2", "Your own field 2.", Visibility = Visibility.Advanced)]
    public string? Custom2 { get; set; }

    [JsonPropertyName("custom_3")]
    [Text(MaxField)]
    [ApiField("Custom 3", "Your own field 3.", Visibility = Visibility.Advanced)]
    public string? Custom3 { get; set; }

    [JsonPropertyName("custom_4")]
    [Text(MaxField)]
    [ApiField("Custom 4", "Your own field 4.", Visibility = Visibility.Advanced)]
    public string? Custom4 { get; set; }

    /// <summary>Numbers in E.164, as ClickSend stores them.</summary>
    public void Normalize()
    {
        PhoneNumber = string.IsNullOrWhiteSpace(PhoneNumber) ? PhoneNumber : ClickSendPhone.ToE164(PhoneNumber, AddressCountry, out _) ?? PhoneNumber;
        FaxNumber = string.IsNullOrWhiteSpace(FaxNumber) ? FaxNumber : ClickSendPhone.ToE164(FaxNumber, AddressCountry, out _) ?? FaxNumber;
    }
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
