using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Clipsan;

/// <summary>Body of Add or update lead: Clipsan's <c>lead/add</c> parameters, custom fields in <c>data</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("email", "pin", Reason = "Clipsan identifies a lead by email or birth number")]
[ApiExample("""{"email":"jana@example.com","firstname":"Jana","surname":"Nováková","list":["news123"],"tag":"web"}""")]
public sealed class ClipsanAddLeadRequest : IValidatable
{
    private static readonly TextAttribute CustomValue = new(ClipsanRules.MaxCustomValue) { LineBreaks = true };

    [JsonPropertyName("email")]
    [Email]
    [ApiField("Email", "Email address of the lead; give it or the birth number (or both).", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("pin")]
    [Pattern(ClipsanRules.PinPattern, ClipsanRules.PinProblem)]
    [ApiField("Birth Number", "Czech or Slovak birth number (rodné číslo) of the lead, 9 or 10 digits; give it or the email.", Visibility = Visibility.Advanced)]
    public string? Pin { get; set; }

    [JsonPropertyName("user")]
    [Pattern(ClipsanRules.DigitsPattern, ClipsanRules.DigitsProblem)]
    [ApiField("User ID", "ID of the Clipsan user who gets access to the lead.", Visibility = Visibility.Advanced)]
    public string? User { get; set; }

    [JsonPropertyName("list")]
    [Items(0, 100)]
    [Pattern(ClipsanRules.CodePattern, ClipsanRules.CodeProblem)]
    [ApiField("Lists", "Hash IDs of the lists (groups) to put the lead in, as shown in Clipsan's list overview.", Visibility = Visibility.Important)]
    public List<string>? List { get; set; }

    [JsonPropertyName("tag")]
    [Text(ClipsanRules.MaxText, NotBlank = true)]
    [ApiField("Tag", "A tag to give the lead.", Visibility = Visibility.Important)]
    public string? Tag { get; set; }

    [JsonPropertyName("firstname")]
    [Text(ClipsanRules.MaxText, NotBlank = true)]
    [ApiField("First Name", "First name of the lead.", Visibility = Visibility.Important)]
    public string? Firstname { get; set; }

    [JsonPropertyName("surname")]
    [Text(ClipsanRules.MaxText, NotBlank = true)]
    [ApiField("Surname", "Surname of the lead.", Visibility = Visibility.Important)]
    public string? Surname { get; set; }

    [JsonPropertyName("phone")]
    [Pattern(ClipsanRules.PhonePattern, ClipsanRules.PhoneProblem)]
    [ApiField("Phone", "Phone number of the lead, e.g. +420777123456.")]
    public string? Phone { get; set; }

    [JsonPropertyName("ip")]
    [IpAddress]
    [ApiField("IP Address", "IP address the lead signed up from (IPv4 or IPv6).", Visibility = Visibility.Advanced)]
    public string? Ip { get; set; }

    [JsonPropertyName("gender")]
    [OneOf(typeof(ClipsanRules), nameof(ClipsanRules.Genders))]
    [ApiField("Gender", "m for a man, f for a woman.")]
    public string? Gender { get; set; }

    [JsonPropertyName("notformal")]
    [Flag]
    [ApiField("Informal", "1 to address the lead informally (tykání), 0 formally.", Visibility = Visibility.Advanced)]
    public int? Notformal { get; set; }

    [JsonPropertyName("referer")]
    [Text(ClipsanRules.MaxReferer, NotBlank = true)]
    [ApiField("Referer", "Address of the page where the lead signed up.", Visibility = Visibility.Advanced)]
    public string? Referer { get; set; }

    [JsonPropertyName("state")]
    [OneOf(typeof(ClipsanRules), nameof(ClipsanRules.States))]
    [ApiField("Subscription State", "Newsletter subscription state: active, inactive or temp.", Visibility = Visibility.Advanced)]
    public string? State { get; set; }

    [JsonPropertyName("lifecycle")]
    [OneOf(typeof(ClipsanRules), nameof(ClipsanRules.Lifecycles))]
    [ApiField("Lifecycle", "Marketing stage: subscriber, lead, qualified, saleslead, opportunity, customer, ambassador or other.", Visibility = Visibility.Advanced)]
    public string? Lifecycle { get; set; }

    [JsonPropertyName("funnel")]
    [Pattern(ClipsanRules.CodePattern, ClipsanRules.CodeProblem)]
    [ApiField("Funnel ID", "ID of the automation to start; it starts for new leads only unless Unique is 1.", Visibility = Visibility.Advanced)]
    public string? Funnel { get; set; }

    [JsonPropertyName("unique")]
    [Flag]
    [ApiField("Unique", "1 to treat every call as unique and always start the automation; default 0.", Visibility = Visibility.Advanced)]
    public int? Unique { get; set; }

    [JsonPropertyName("mute")]
    [Flag]
    [ApiField("Mute", "1 (Clipsan's default) to send no notice email about a new lead, 0 to send it.", Visibility = Visibility.Advanced)]
    public int? Mute { get; set; }

    [JsonPropertyName("data")]
    [ApiField("Custom Fields", "Custom fields by code without the data_ prefix, e.g. {\"city\":\"Brno\",\"utm_source\":\"web\"}; sent as data_city, data_utm_source.", Visibility = Visibility.Advanced)]
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>The custom fields as Clipsan takes them: the bare code and its value, in request order.</summary>
    [JsonIgnore]
    internal IEnumerable<KeyValuePair<string, string>> CustomFields =>
        (Data ?? []).Select(entry => new KeyValuePair<string, string>(ClipsanRules.BareCode(entry.Key), entry.Value));

    [JsonIgnore]
    internal string? NormalizedPin => ClipsanRules.NormalizePin(Pin);

    /// <summary>
    /// Custom field codes are free keys, each given once with or without data_ (a schema cannot state either), and
    /// Clipsan takes the whole lead in its URL.
    /// </summary>
    public void Validate(ValidationErrors errors)
    {
        if (Data is not null)
        {
            if (Data.Count > ClipsanRules.MaxCustomFields)
            {
                errors.Add("data", string.Create(CultureInfo.InvariantCulture, $"must hold at most {ClipsanRules.MaxCustomFields} custom fields."));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (code, value) in Data)
            {
                var field = $"data.{code}";
                var bare = ClipsanRules.BareCode(code);
                if (!ClipsanRules.IsCustomFieldCode(bare))
                {
                    errors.Add(field, "must be a custom field code of 1 to 64 letters, digits or underscores (e.g. city, utm_source).");
                }
                else if (!seen.Add(bare))
                {
                    errors.Add(field, "is given twice (with and without the data_ prefix).");
                }
                else if (value is null)
                {
                    errors.Add(field, "must be a string; leave the field out instead of null.");
                }
                else if (CustomValue.Check(value, this) is { } problem)
                {
                    errors.Add(field, problem);
                }
            }
        }

        // Clipsan takes every field in the URL; the key adds its few dozen characters, within what servers take.
        if (errors.IsEmpty && ClipsanClient.AddLeadQuery(this).Encode().Length > ClipsanRules.MaxEncodedQuery)
        {
            errors.Add("body", string.Create(CultureInfo.InvariantCulture,
                $"holds more than Clipsan takes in one call: its URL-encoded fields exceed {ClipsanRules.MaxEncodedQuery} characters."));
        }
    }

    /// <summary>Never the pin: a request model can end up in a debugger, a trace or an exception message.</summary>
    public override string ToString() =>
        $"Clipsan lead {(Email is null ? "" : "email " + Email)}{(Pin is null ? "" : " pin " + ClipsanRules.MaskPin(Pin))}".TrimEnd();
}

/// <summary>Body of Remove lead from list or tag: the lead (one of id, email, pin) and what to take away.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("id", "email", "pin", Exclusive = true)]
[FieldGroup("list", "tag", Reason = "say what to remove from the lead")]
[ApiExample("""{"email":"radekxxx@gmail.com","tag":"clipsan"}""")]
public sealed class ClipsanModifyLeadRequest
{
    [JsonPropertyName("id")]
    [Pattern(ClipsanRules.DigitsPattern, ClipsanRules.DigitsProblem)]
    [ApiField("Lead ID", "Clipsan's ID of the lead; give exactly one of Lead ID, Email or Birth Number.", Visibility = Visibility.Important)]
    public string? Id { get; set; }

    [JsonPropertyName("email")]
    [Email]
    [ApiField("Email", "Email address of the lead; give exactly one of Lead ID, Email or Birth Number.", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("pin")]
    [Pattern(ClipsanRules.PinPattern, ClipsanRules.PinProblem)]
    [ApiField("Birth Number", "Birth number of the lead; give exactly one of Lead ID, Email or Birth Number.", Visibility = Visibility.Advanced)]
    public string? Pin { get; set; }

    [JsonPropertyName("list")]
    [Pattern(ClipsanRules.CodePattern, ClipsanRules.CodeProblem)]
    [ApiField("List", "Hash ID of the list to remove the lead from.", Visibility = Visibility.Important)]
    public string? List { get; set; }

    [JsonPropertyName("tag")]
    [Text(ClipsanRules.MaxText, NotBlank = true)]
    [ApiField("Tag", "The tag to take off the lead.", Visibility = Visibility.Important)]
    public string? Tag { get; set; }

    [JsonIgnore]
    internal ClipsanLeadIdentifier? Identifier => ClipsanLeadIdentifier.Of(Id, Email, Pin);

    public override string ToString() => $"Clipsan lead modification ({Identifier?.ToString() ?? "unidentified"})";
}

/// <summary>One lead as Clipsan describes it; custom fields (data_*) stay as Clipsan sends them.</summary>
public sealed class ClipsanLead
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Lead ID", "Clipsan's ID of the lead.")]
    public string? Id { get; set; }

    [JsonPropertyName("pin")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Birth Number", "Birth number of the lead, if known.", Visibility = Visibility.Advanced)]
    public string? Pin { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address of the lead, if known.")]
    public string? Email { get; set; }

    [JsonPropertyName("firstname")]
    [ApiField("First Name", "First name of the lead.")]
    public string? Firstname { get; set; }

    [JsonPropertyName("surname")]
    [ApiField("Surname", "Surname of the lead.")]
    public string? Surname { get; set; }

    [JsonPropertyName("gender")]
    [ApiField("Gender", "male, female or unknown.")]
    public string? Gender { get; set; }

    [JsonPropertyName("state")]
    [ApiField("Subscription State", "Newsletter subscription state: active, inactive or temp.")]
    public string? State { get; set; }

    [JsonPropertyName("lifecycle")]
    [ApiField("Lifecycle", "Marketing stage of the lead, e.g. subscriber or customer.")]
    public string? Lifecycle { get; set; }

    [JsonPropertyName("added")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Added", "When the lead was added, as a Unix timestamp.")]
    public long? Added { get; set; }

    [JsonPropertyName("lists")]
    [JsonConverter(typeof(FlexibleStringListConverter))]
    [ApiField("Lists", "Hash IDs of the lists the lead is in (lead details only).")]
    public List<string>? Lists { get; set; }

    [JsonPropertyName("tags")]
    [JsonConverter(typeof(FlexibleStringListConverter))]
    [ApiField("Tags", "Tags of the lead (lead details only).")]
    public List<string>? Tags { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Additional { get; set; }
}

/// <summary>List or search answer: Clipsan's <c>data</c> (an object keyed by lead id) as an array to loop over.</summary>
public sealed class ClipsanLeadsResponse
{
    [JsonPropertyName("result")]
    [ApiField("Result", "ok when Clipsan answered.")]
    public string? Result { get; set; }

    [JsonPropertyName("count")]
    [ApiField("Count", "Number of leads found.")]
    public int Count { get; set; }

    [JsonPropertyName("data")]
    [ApiField("Leads", "The leads found, in Clipsan's order.")]
    public List<ClipsanLead> Data { get; set; } = [];
}

/// <summary>Add or update answer: whether the lead was added or updated, and its ID.</summary>
public sealed class ClipsanAddLeadResponse
{
    [JsonPropertyName("result")]
    [ApiField("Result", "ok when Clipsan took the lead.")]
    public string? Result { get; set; }

    [JsonPropertyName("action")]
    [ApiField("Action", "add for a new lead, update for an existing one.")]
    public string? Action { get; set; }

    [JsonPropertyName("id")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    [ApiField("Lead ID", "Clipsan's ID of the lead.")]
    public string? Id { get; set; }
}

/// <summary>View or modify answer: the lead with its lists and tags.</summary>
public sealed class ClipsanLeadResponse
{
    [JsonPropertyName("result")]
    [ApiField("Result", "ok when Clipsan answered.")]
    public string? Result { get; set; }

    [JsonPropertyName("lead")]
    [JsonConverter(typeof(EmptyArrayAsNullConverter<ClipsanLead>))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Lead", "The lead.")]
    public ClipsanLead? Lead { get; set; }
}

/// <summary>Delete answer.</summary>
public sealed class ClipsanResultResponse
{
    [JsonPropertyName("result")]
    [ApiField("Result", "ok when Clipsan deleted the lead.")]
    public string? Result { get; set; }
}

/// <summary>Clipsan's raw list and search answer, before <c>data</c> becomes an array.</summary>
internal sealed class ClipsanLeadsAnswer
{
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    [JsonPropertyName("data")]
    public JsonElement Data { get; set; }
}

/// <summary>Every Clipsan answer carries <c>result</c>; errors add <c>error</c>.</summary>
internal sealed class ClipsanOutcome
{
    [JsonPropertyName("result")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Result { get; set; }

    [JsonPropertyName("error")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Error { get; set; }
}

/// <summary>Reads a list of strings whose items sometimes arrive as numbers (lead lists and tags).</summary>
public sealed class FlexibleStringListConverter : JsonConverter<List<string>?>
{
    private static readonly FlexibleStringConverter Item = new();

    public override bool HandleNull => true;

    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Item.Read(ref reader, typeof(string), options) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, List<string>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
