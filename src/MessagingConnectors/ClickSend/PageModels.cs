using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.ClickSend;

/// <summary>ClickSend's page of results: <c>{total, per_page, current_page, last_page, ..., data:[...]}</c>.</summary>
public sealed class ClickSendPage<TItem>
{
    [JsonPropertyName("total")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Total", "Number of items over all pages.")]
    public long? Total { get; set; }

    [JsonPropertyName("per_page")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Per Page", "Items on one page.")]
    public long? PerPage { get; set; }

    [JsonPropertyName("current_page")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Current Page", "This page's number.")]
    public long? CurrentPage { get; set; }

    [JsonPropertyName("last_page")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Last Page", "Number of the last page.")]
    public long? LastPage { get; set; }

    [JsonPropertyName("next_page_url")]
    [ApiField("Next Page URL", "ClickSend's URL of the next page.", Visibility = Visibility.Advanced)]
    public string? NextPageUrl { get; set; }

    [JsonPropertyName("prev_page_url")]
    [ApiField("Previous Page URL", "ClickSend's URL of the previous page.", Visibility = Visibility.Advanced)]
    public string? PrevPageUrl { get; set; }

    [JsonPropertyName("from")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("From", "Position of the first item on this page.", Visibility = Visibility.Advanced)]
    public long? From { get; set; }

    [JsonPropertyName("to")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("To", "Position of the last item on this page.", Visibility = Visibility.Advanced)]
    public long? To { get; set; }

    [JsonPropertyName("data")]
    [ApiField("Items", "The items on this page.")]
    public List<TItem>? Data { get; set; }
}

public sealed class ContactList
{
    [JsonPropertyName("list_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("List ID", "ID of the contact list.", Visibility = Visibility.Important)]
    public long? ListId { get; set; }

    [JsonPropertyName("list_name")]
    [ApiField("List Name", "Name of the contact list.", Visibility = Visibility.Important)]
    public string? ListName { get; set; }

    [JsonPropertyName("list_email_id")]
    [ApiField("List Email ID", "Address part that sends email to this list.", Visibility = Visibility.Advanced)]
    public string? ListEmailId { get; set; }

    [JsonPropertyName("_contacts_count")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Contacts Count", "Number of contacts in the list.")]
    public long? ContactsCount { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class ContactListMatch
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("ID", "ID of the matching list or contact.")]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    [ApiField("Name", "Name of the match.")]
    public string? Name { get; set; }

    [JsonPropertyName("contact")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Contact", "Contact detail of the match.")]
    public string? Contact { get; set; }

    [JsonPropertyName("type")]
    [ApiField("Type", "Kind of match, e.g. list.")]
    public string? Type { get; set; }

    [JsonPropertyName("contacts_count")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Contacts Count", "Number of contacts in the matching list.")]
    public long? ContactsCount { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

public sealed class Country
{
    [JsonPropertyName("code")]
    [ApiField("Code", "Two-letter country code.")]
    public string? Code { get; set; }

    [JsonPropertyName("value")]
    [ApiField("Name", "Country name.")]
    public string? Value { get; set; }
}

public sealed class VoiceLanguage
{
    [JsonPropertyName("code")]
    [ApiField("Code", "Language code for Send voice message, e.g. en-us.")]
    public string? Code { get; set; }

    [JsonPropertyName("country")]
    [ApiField("Language", "Language and country, e.g. English, US.")]
    public string? Country { get; set; }

    [JsonPropertyName("gender")]
    [JsonConverter(typeof(StringOrArrayConverter))]
    [ApiField("Voices", "Voices available: male, female or both.")]
    public List<string>? Gender { get; set; }
}

public sealed class ReturnAddress
{
    [JsonPropertyName("return_address_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Return Address ID", "ID to use as return_address_id of a letter or postcard.")]
    public long? ReturnAddressId { get; set; }

    [JsonPropertyName("address_name")]
    [ApiField("Name", "Name on the address.")]
    public string? AddressName { get; set; }

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

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

/// <summary>Every contact of a list, gathered page by page.</summary>
public sealed class AllContacts
{
    [JsonPropertyName("list_id")]
    [ApiField("List ID", "The contact list.")]
    public long ListId { get; set; }

    [JsonPropertyName("total")]
    [ApiField("Total", "Number of contacts returned.")]
    public int Total { get; set; }

    [JsonPropertyName("pages")]
    [ApiField("Pages", "Number of ClickSend pages read.")]
    public int Pages { get; set; }

    [JsonPropertyName("complete")]
    [ApiField("Complete", "False when the list has more contacts than one call gathers; page through the rest.")]
    public bool Complete { get; set; }

    [JsonPropertyName("contacts")]
    [ApiField("Contacts", "Every contact of the list.")]
    public List<Contact> Contacts { get; set; } = [];
}
