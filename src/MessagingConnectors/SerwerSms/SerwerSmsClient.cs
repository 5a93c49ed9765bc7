using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MessagingConnectors.Hosting;
using MessagingConnectors.Providers;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// Typed client for the SerwerSMS HTTPS API v2: every action is <c>POST {module}/{action}.json</c>
/// with a JSON body, and any answer with an <c>error</c> object is a failure whatever its HTTP status.
/// </summary>
public sealed class SerwerSmsClient(HttpClient http, ILogger<SerwerSmsClient> logger)
{
    public const string Provider = "SerwerSMS";

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Reads, edits and deletes may be repeated; adds, imports and sends may not.</summary>
    internal static bool IsRetrySafe(string action) =>
        action.EndsWith("/index", StringComparison.Ordinal) || action.EndsWith("/view", StringComparison.Ordinal)
        || action.EndsWith("/check", StringComparison.Ordinal) || action.EndsWith("/edit", StringComparison.Ordinal)
        || action.EndsWith("/delete", StringComparison.Ordinal) || action.EndsWith("/reports", StringComparison.Ordinal);

    public Task<SerwerSmsGroupList> ListGroupsAsync(SerwerSmsAccount account, SerwerSmsListing listing, CancellationToken cancellationToken) =>
        CallAsync("groups/index", account, listing.Body(), SerwerSmsJsonContext.Default.SerwerSmsGroupList, cancellationToken);

    public Task<SerwerSmsWriteResult> AddGroupAsync(SerwerSmsAccount account, string name, CancellationToken cancellationToken) =>
        CallAsync("groups/add", account, new JsonObject { ["name"] = name }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);

    public Task<SerwerSmsGroup> ViewGroupAsync(SerwerSmsAccount account, long id, CancellationToken cancellationToken) =>
        CallAsync("groups/view", account, new JsonObject { ["id"] = id }, SerwerSmsJsonContext.Default.SerwerSmsGroup, cancellationToken);

    public Task<SerwerSmsWriteResult> EditGroupAsync(SerwerSmsAccount account, long id, string name, CancellationToken cancellationToken) =>
        CallAsync("groups/edit", account, new JsonObject { ["id"] = id, ["name"] = name }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult,
            cancellationToken);

    public Task<SerwerSmsWriteResult> DeleteGroupAsync(SerwerSmsAccount account, long id, bool? deleteContacts, CancellationToken cancellationToken) =>
        CallAsync("groups/delete", account, new JsonObject { ["id"] = id, ["delete_contacts"] = deleteContacts },
            SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);

    /// <summary>Every group holding <paramref name="phone"/>, with the contact's ID in each.</summary>
    public Task<SerwerSmsPhoneGroupList> CheckPhoneGroupsAsync(SerwerSmsAccount account, string phone, CancellationToken cancellationToken) =>
        CallAsync("groups/check", account, new JsonObject { ["phone"] = phone }, SerwerSmsJsonContext.Default.SerwerSmsPhoneGroupList,
            cancellationToken);

    /// <param name="groupId">A group's ID, <c>none</c> for contacts in no group, or null for every contact.</param>
    public Task<SerwerSmsContactList> ListContactsAsync(SerwerSmsAccount account, JsonValue? groupId, SerwerSmsListing listing,
        CancellationToken cancellationToken)
    {
        var body = listing.Body();
        body["group_id"] = groupId;
        return CallAsync("contacts/index", account, body, SerwerSmsJsonContext.Default.SerwerSmsContactList, cancellationToken);
    }

    public Task<SerwerSmsWriteResult> AddContactAsync(SerwerSmsAccount account, SerwerSmsContactFields contact, CancellationToken cancellationToken) =>
        CallAsync("contacts/add", account, contact.Body(), SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);

    public Task<SerwerSmsContact> ViewContactAsync(SerwerSmsAccount account, long id, CancellationToken cancellationToken) =>
        CallAsync("contacts/view", account, new JsonObject { ["id"] = id }, SerwerSmsJsonContext.Default.SerwerSmsContact, cancellationToken);

    /// <summary>Writes the whole contact: SerwerSMS clears every field left out.</summary>
    public Task<SerwerSmsWriteResult> EditContactAsync(SerwerSmsAccount account, long id, SerwerSmsContactFields contact,
        CancellationToken cancellationToken)
    {
        var body = contact.Body();
        body["id"] = id;
        return CallAsync("contacts/edit", account, body, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);
    }

    public Task<SerwerSmsWriteResult> DeleteContactAsync(SerwerSmsAccount account, long id, CancellationToken cancellationToken) =>
        CallAsync("contacts/delete", account, new JsonObject { ["id"] = id }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);

    public Task<SerwerSmsImportResult> ImportContactsAsync(SerwerSmsAccount account, string groupName, IEnumerable<SerwerSmsContactFields> contacts,
        CancellationToken cancellationToken)
    {
        // Typed as nodes: Add<JsonObject> would pick JsonArray's generic overload, which serializes by reflection.
        var items = new JsonArray(contacts.Select(c => (JsonNode)ProviderExchange.WithoutNulls(c.Body())).ToArray());
        return CallAsync("contacts/import", account, new JsonObject { ["group_name"] = groupName, ["contact"] = items },
            SerwerSmsJsonContext.Default.SerwerSmsImportResult, cancellationToken);
    }

    /// <summary>Sends one text to phone numbers or to every contact of groups, asking for each recipient's status.</summary>
    public Task<SerwerSmsSendSmsResponse> SendSmsAsync(SerwerSmsAccount account, SerwerSmsSendSmsRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (request.NormalizedPhones is { } phones)
        {
            body["phone"] = OneOrMany(phones.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        }
        else
        {
            body["group_id"] = OneOrMany(request.GroupId!.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
        }

        body["text"] = request.Text;
        body["sender"] = request.Sender;
        body["utf"] = request.Utf;
        body["flash"] = request.Flash;
        body["test"] = request.Test;
        body["unique_id"] = SerwerSmsReportsFilter.Many(request.UniqueId);
        body["date"] = request.Date?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        // Per-recipient items come back only when details are asked for.
        body["details"] = true;
        return CallAsync("messages/send_sms", account, body, SerwerSmsJsonContext.Default.SerwerSmsSendSmsResponse, cancellationToken);
    }

    public Task<SerwerSmsWriteResult> AddToBlacklistAsync(SerwerSmsAccount account, string phone, CancellationToken cancellationToken) =>
        CallAsync("blacklist/add", account, new JsonObject { ["phone"] = phone }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);

    /// <summary>The account's sender names sorted by name; <paramref name="predefined"/> adds SerwerSMS's own.</summary>
    public Task<SerwerSmsSenderList> ListSendersAsync(SerwerSmsAccount account, bool? predefined, CancellationToken cancellationToken) =>
        CallAsync("senders/index", account, new JsonObject { ["predefined"] = predefined, ["sort"] = "name", ["order"] = "asc" },
            SerwerSmsJsonContext.Default.SerwerSmsSenderList, cancellationToken);

    /// <summary>
    /// Received messages (<c>messages/recived</c>, sic). SerwerSMS may answer an empty inbox with its "No messages" error
    /// (3330) instead of an empty list: that is read as an empty list.
    /// </summary>
    internal async Task<SerwerSmsReceivedAnswer> ListReceivedAsync(SerwerSmsAccount account, SerwerSmsReceivedFilter filter,
        CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("messages/recived", account, filter.Body(), SerwerSmsJsonContext.Default.SerwerSmsReceivedAnswer, cancellationToken);
        }
        catch (ProviderException e) when (e.ProviderCode == NoMessagesCode)
        {
            return new SerwerSmsReceivedAnswer();
        }
    }

    private const string NoMessagesCode = "3330";

    /// <summary>Sent messages' delivery reports (<c>messages/reports</c>); "No messages" (3330) is read as an empty list, as for received messages.</summary>
    internal async Task<SerwerSmsReportsAnswer> ListReportsAsync(SerwerSmsAccount account, SerwerSmsReportsFilter filter, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("messages/reports", account, filter.Body(), SerwerSmsJsonContext.Default.SerwerSmsReportsAnswer, cancellationToken);
        }
        catch (ProviderException e) when (e.ProviderCode == NoMessagesCode)
        {
            return new SerwerSmsReportsAnswer();
        }
    }

    /// <summary>One sent message (<c>messages/view</c>): a single object, not a list.</summary>
    internal Task<SerwerSmsReportItem> ViewMessageAsync(SerwerSmsAccount account, string id, CancellationToken cancellationToken) =>
        CallAsync("messages/view", account, new JsonObject { ["id"] = id }, SerwerSmsJsonContext.Default.SerwerSmsReportItem, cancellationToken);

    /// <summary>Deletes scheduled messages from SerwerSMS's scheduler (<c>messages/delete</c>); success is false for one already sent.</summary>
    public Task<SerwerSmsWriteResult> DeleteMessagesAsync(SerwerSmsAccount account, IReadOnlyList<string>? ids, IReadOnlyList<string>? uniqueIds,
        CancellationToken cancellationToken) =>
        CallAsync("messages/delete", account, new JsonObject { ["id"] = SerwerSmsReportsFilter.Many(ids), ["unique_id"] = SerwerSmsReportsFilter.Many(uniqueIds) },
            SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken);

    /// <summary>SerwerSMS takes one value as itself and several as an array.</summary>
    internal static JsonNode OneOrMany(JsonNode[] values) => values.Length == 1 ? values[0] : new JsonArray(values);

    /// <summary>Calls <paramref name="action"/> (e.g. <c>groups/index</c>); null body values are left out.</summary>
    private async Task<TResult> CallAsync<TResult>(string action, SerwerSmsAccount account, JsonObject body,
        JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        var path = action + ".json";
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (IsRetrySafe(action))
        {
            request.Options.Set(ProviderHttpClients.RetrySafe, true);
        }

        ProviderExchange.WithoutNulls(body);
        account.Apply(request, body);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var answer = await ProviderExchange.SendAsync(http, request, Provider, "POST " + action, logger, cancellationToken);

        if (ReadError(answer.Payload) is { } error)
        {
            throw FromError(answer.Status, error.Code, error.Type, error.Message);
        }

        if (!answer.IsSuccess)
        {
            throw UpstreamFailures.FromStatus(Provider, answer.Status, null, null, answer.Headers);
        }

        return ProviderExchange.Read(answer, resultType, Provider);
    }

    internal readonly record struct SerwerSmsError(long? Code, string? Type, string? Message);

    internal static SerwerSmsError? ReadError(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind is JsonValueKind.Null or JsonValueKind.False)
            {
                return null;
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return new SerwerSmsError(null, null, error.GetString());
            }

            if (error.ValueKind != JsonValueKind.Object)
            {
                return new SerwerSmsError(null, null, null);
            }

            long? code = error.TryGetProperty("code", out var c) ? c.ValueKind switch
            {
                JsonValueKind.Number when c.TryGetInt64(out var n) => n,
                JsonValueKind.String when long.TryParse(c.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
                _ => null,
            } : null;
            var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new SerwerSmsError(code, type, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// SerwerSMS codes to statuses: 1001 bad login 401, 1002/1005 no permission 403, 1004 unknown id 404,
    /// 2000-2002 validation 400, 3000+ send limits 429 when throttled and 402 otherwise; anything else 502.
    /// </summary>
    internal static ProviderException FromError(int upstreamStatus, long? code, string? type, string? message)
    {
        var status = code switch
        {
            1001 => StatusCodes.Status401Unauthorized,
            1002 or 1005 => StatusCodes.Status403Forbidden,
            1004 => StatusCodes.Status404NotFound,
            >= 2000 and <= 2002 => StatusCodes.Status400BadRequest,
            >= 3000 when IsThrottling(type, message) || upstreamStatus == StatusCodes.Status429TooManyRequests => StatusCodes.Status429TooManyRequests,
            >= 3000 => StatusCodes.Status402PaymentRequired,
            _ => StatusCodes.Status502BadGateway,
        };
        var title = status switch
        {
            401 => "SerwerSMS rejected the credentials",
            403 => "SerwerSMS refused the operation",
            404 => "SerwerSMS did not find the resource",
            400 => "SerwerSMS rejected the request",
            402 => "SerwerSMS refused the send: an account limit is reached",
            429 => "SerwerSMS is throttling requests",
            _ => "SerwerSMS failed",
        };
        // SerwerSMS words its errors in Polish: the detail is ours, in English, by code; its own text travels beside it.
        var detail = Describe(code, status, type);
        var extensions = new Dictionary<string, object?> { [Problems.Members.ProviderStatus] = upstreamStatus };
        if (type is not null)
        {
            extensions[Problems.Members.ProviderType] = type;
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            extensions[Problems.Members.ProviderMessage] = message;
        }

        // SerwerSMS answered with an error, so it did not act on the request.
        return new ProviderException(Provider, status, title, detail, code?.ToString(CultureInfo.InvariantCulture),
            UpstreamEffect.None, status == StatusCodes.Status429TooManyRequests ? DefaultRetryAfter : null, extensions);
    }

    /// <summary>What a SerwerSMS error code means (API v2's list), in English.</summary>
    internal static string Describe(long? code, int status, string? type) => code switch
    {
        1000 => "SerwerSMS does not know the requested action (1000 InvalidAction).",
        1001 => "SerwerSMS did not accept the username and password or the API token (1001 InvalidUser).",
        1002 => "This SerwerSMS user has no permission to use the API (1002 InvalidRole).",
        1003 => "SerwerSMS does not accept API calls from this server's IP address (1003 InvalidIP).",
        1004 => "SerwerSMS has no item with this ID (1004 InvalidID).",
        1005 => "This SerwerSMS user has no permission for this operation (1005 InvalidRole).",
        1006 => "SerwerSMS found the data sent not valid (1006 InvalidData).",
        1007 => "The SerwerSMS account is not active (1007).",
        1008 => "This SerwerSMS user has no permission to see phone numbers (1008).",
        2000 => "SerwerSMS is missing a required value (2000 ValidationRequiredError).",
        2001 => "SerwerSMS found a phone number not valid (2001 ValidationPhoneError).",
        2002 => "SerwerSMS found a code not valid (2002 ValidationCodeError).",
        >= 3000 when status == StatusCodes.Status429TooManyRequests =>
            string.Create(CultureInfo.InvariantCulture, $"SerwerSMS is throttling sends ({code} {type ?? "SendError"}); retry later."),
        >= 3000 => string.Create(CultureInfo.InvariantCulture, $"SerwerSMS refused the send: an account limit is reached ({code} {type ?? "SendError"})."),
        _ => string.Create(CultureInfo.InvariantCulture, $"SerwerSMS reported error {code?.ToString(CultureInfo.InvariantCulture) ?? "without a code"} ({type ?? "no type"})."),
    };

    private static bool IsThrottling(string? type, string? message) =>
        (type ?? "").Contains("Throttl", StringComparison.OrdinalIgnoreCase)
        || (type ?? "").Contains("TooMany", StringComparison.OrdinalIgnoreCase)
        || (message ?? "").Contains("too many", StringComparison.OrdinalIgnoreCase);
}
