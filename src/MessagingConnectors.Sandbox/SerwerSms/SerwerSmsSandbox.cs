using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MessagingConnectors.Sandbox.SerwerSms;

/// <summary>
/// SerwerSMS HTTPS API v2 as seen from outside: <c>POST {module}/{action}.json</c> with a JSON body,
/// a Bearer token or username/password in the body, stateful groups, contacts and blacklist, and
/// errors as <c>{"error":{code,type,message}}</c> (HTTP <see cref="ErrorStatus"/>, 200 unless a test
/// changes it). A recipient whose number ends in 0000 is unsent (wrong_number), as is a blacklisted one.
/// Every message sent gets a delivery report on <see cref="Clock"/>: delivered <see cref="DeliveryDelay"/> after it
/// is sent, except to a number ending in <see cref="UndeliveredSuffix"/> (undelivered, message_expired) or
/// <see cref="PendingSuffix"/> (sent, never reported).
/// </summary>
public sealed class SerwerSmsSandbox : IProviderSandbox
{
    public const string RejectedSuffix = "0000";
    public const string UndeliveredSuffix = "0001";
    public const string PendingSuffix = "0002";

    /// <summary>The sandbox's clock for reports: a test on a simulated clock sets the app's and this one alike.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How long after it is sent a message is delivered.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SerwerSMS does not document how it writes a report's times: false writes its documented input form in Polish
    /// local time ("2007-10-24 17:46:00"), true ISO 8601 with the offset, so tests try each reading.
    /// </summary>
    public bool IsoTimes { get; set; }

    private readonly List<SentMessage> _sent = [];

    /// <summary>A sent message and its report: its final status comes at <c>FinalAt</c> (never when null).</summary>
    private sealed record SentMessage(string Id, string? UniqueId, string Phone, string Text, string? Sender, DateTimeOffset Queued, DateTimeOffset? Scheduled)
    {
        public DateTimeOffset? FinalAt { get; set; }
        public string FinalStatus { get; set; } = "delivered";
        public string? Reason { get; set; }
        public bool Deleted { get; set; }
    }

    /// <summary>
    /// Adds a sent message whose report turns <paramref name="status"/> at <paramref name="finalAt"/> (what
    /// <c>POST /_sandbox/serwersms/reports</c> does without an id): a report may come long after the message was queued.
    /// </summary>
    public string InjectReport(string phone, DateTimeOffset queued, DateTimeOffset? finalAt, string status = "delivered", string? reason = null,
        string? uniqueId = null)
    {
        lock (_lock)
        {
            var message = new SentMessage(NewMessageId(), uniqueId, phone, "Report from the sandbox", null, queued, null)
            {
                FinalAt = finalAt, FinalStatus = status, Reason = reason,
            };
            _sent.Add(message);
            return message.Id;
        }
    }

    /// <summary>Gives a sent message its final report at <paramref name="at"/>; false when no message has the id.</summary>
    public bool SetReport(string id, string status, string? reason, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_sent.FirstOrDefault(m => m.Id == id) is not { } message)
            {
                return false;
            }

            (message.FinalStatus, message.Reason, message.FinalAt) = (status, reason, at);
            return true;
        }
    }

    private static string NewMessageId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..10];

    private readonly Lock _lock = new();
    private readonly Dictionary<long, string> _groups = [];
    private readonly Dictionary<long, SandboxContact> _contacts = [];
    private readonly Dictionary<string, long> _blacklist = new(StringComparer.Ordinal);
    private readonly Queue<(int Code, string Type, string Message)> _failures = new();
    private long _nextGroupId = 17293000;
    private long _nextContactId = 228173000;
    private long _nextOtherId = 5000;
    private readonly List<ReceivedMessage> _received = [];
    private readonly Dictionary<string, long> _nextReceivedId = new(StringComparer.Ordinal)
    {
        // Ids are unique within a type only; SerwerSMS's example has them in far-apart ranges per type.
        ["eco"] = 2477000, ["nd"] = 303000, ["ndi"] = 2204000, ["mms"] = 323961000,
    };

    /// <summary>A message the account received, as SerwerSMS keeps it: its time in Polish local time, no offset.</summary>
    private sealed record ReceivedMessage(long Id, string Type, string Phone, string Received, string Text, string? Ndi, string? ToNumber,
        string? Title, JsonArray? Attachments, string? MessageId)
    {
        public bool Read { get; set; }
    }

    /// <summary>
    /// Adds a received message (what <c>POST /_sandbox/serwersms/received</c> does): it is listed from now on with the
    /// time it carries, which may be in the past, as a message that reaches SerwerSMS's list late is.
    /// </summary>
    public long InjectReceived(string type, string phone, string text, DateTimeOffset at, string? ndi = null, string? toNumber = null,
        string? title = null, JsonArray? attachments = null, string? messageId = null)
    {
        var local = Local(at);
        lock (_lock)
        {
            var id = _nextReceivedId[type]++;
            _received.Add(new ReceivedMessage(id, type, phone, local, text, ndi, toNumber, title, attachments, messageId));
            return id;
        }
    }

    /// <summary>SerwerSMS works in Polish local time.</summary>
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    public string Name => "SerwerSMS";

    public string Prefix => "/serwersms";

    public string Token { get; set; } = "sandbox-token";

    public string Username { get; set; } = "sandbox";

    public string Password { get; set; } = "sandbox-password";

    /// <summary>HTTP status of error answers; SerwerSMS's own is unconfirmed, so tests try 200 and 4xx.</summary>
    public int ErrorStatus { get; set; } = 200;

    public IReadOnlyList<string> Senders { get; } = ["INFORMACJA", "Sklep"];

    /// <summary>The next request (after the credentials check) answers this error.</summary>
    public void FailNext(int code, string type, string message)
    {
        lock (_lock)
        {
            _failures.Enqueue((code, type, message));
        }
    }

    public long AddGroup(string name)
    {
        lock (_lock)
        {
            var id = _nextGroupId++;
            _groups[id] = name;
            return id;
        }
    }

    public long AddContact(string phone, string? firstName = null, params long[] groups)
    {
        lock (_lock)
        {
            var id = _nextContactId++;
            _contacts[id] = new SandboxContact { Phone = phone, FirstName = firstName ?? "", Groups = [.. groups] };
            return id;
        }
    }

    public bool HasGroup(long id)
    {
        lock (_lock)
        {
            return _groups.ContainsKey(id);
        }
    }

    public bool HasContact(long id)
    {
        lock (_lock)
        {
            return _contacts.ContainsKey(id);
        }
    }

    public string? GroupName(long id)
    {
        lock (_lock)
        {
            return _groups.GetValueOrDefault(id);
        }
    }

    public bool IsBlacklisted(string phone)
    {
        lock (_lock)
        {
            return _blacklist.ContainsKey(phone);
        }
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Prefix + "/{module}/{action}.json", Handle);
        routes.MapPost("/_sandbox/serwersms/received", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
            var type = Text(body, "type") ?? "eco";
            if (!_nextReceivedId.ContainsKey(type))
            {
                return Results.BadRequest(new { error = "type is eco, nd, ndi or mms" });
            }

            var at = Text(body, "time") is { } time ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
            var id = InjectReceived(type, Text(body, "phone") ?? "+48500600700", Text(body, "text") ?? "Hello from the sandbox", at,
                Text(body, "ndi"), Text(body, "to_number"), Text(body, "title"), body["attachments"]?.DeepClone() as JsonArray, Text(body, "message_id"));
            return Results.Json(new { id });
        });
        routes.MapPost("/_sandbox/serwersms/reports", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
            var status = Text(body, "status") ?? "delivered";
            var at = Text(body, "time") is { } time ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture) : Clock.GetUtcNow();
            if (Text(body, "id") is { } existing)
            {
                return SetReport(existing, status, Text(body, "reason"), at) ? Results.Json(new { id = existing }) : Results.NotFound(new { error = "no such message" });
            }

            var queued = Text(body, "queued") is { } q ? DateTimeOffset.Parse(q, CultureInfo.InvariantCulture) : Clock.GetUtcNow();
            var id = InjectReport(Text(body, "phone") ?? "+48500600700", queued, at, status, Text(body, "reason"), Text(body, "unique_id"));
            return Results.Json(new { id });
        });
    }

    public async Task WriteFaultAsync(HttpContext context, int status)
    {
        // A status fault is what a proxy in front of SerwerSMS answers: no SerwerSMS error body.
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync($"<html><body>{status} Injected failure</body></html>", context.RequestAborted);
    }

    private async Task Handle(HttpContext context, string module, string action)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await Error(context, 1006, "InvalidData", "Niepoprawne dane wejściowe.");
            return;
        }

        if (!Authorized(context, body))
        {
            await Error(context, 1001, "InvalidUser", "Niepoprawny login lub hasło.");
            return;
        }

        (int Code, string Type, string Message)? failure = null;
        lock (_lock)
        {
            if (_failures.Count > 0)
            {
                failure = _failures.Dequeue();
            }
        }

        if (failure is { } f)
        {
            await Error(context, f.Code, f.Type, f.Message);
            return;
        }

        JsonNode? answer;
        try
        {
            lock (_lock)
            {
                answer = $"{module}/{action}" switch
                {
                    "groups/index" => GroupsIndex(body),
                    "groups/add" => GroupsAdd(body),
                    "groups/view" => GroupsView(body),
                    "groups/edit" => GroupsEdit(body),
                    "groups/delete" => GroupsDelete(body),
                    "groups/check" => GroupsCheck(body),
                    "contacts/index" => ContactsIndex(body),
                    "contacts/add" => ContactsSave(body, null),
                    "contacts/view" => ContactsView(body),
                    "contacts/edit" => ContactsSave(body, ExistingContact(body)),
                    "contacts/delete" => ContactsDelete(body),
                    "contacts/import" => ContactsImport(body),
                    "messages/send_sms" => SendSms(body),
                    "blacklist/add" => BlacklistAdd(body),
                    "senders/index" => SendersIndex(body),
                    "messages/recived" => Received(body),
                    "messages/reports" => Reports(body),
                    "messages/view" => ViewMessage(body),
                    "messages/delete" => DeleteMessages(body),
                    _ => throw new SandboxError(1000, "InvalidAction", "Niepoprawna akcja."),
                };
            }
        }
        catch (SandboxError e)
        {
            await Error(context, e.Code, e.Type, e.Message);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer!.ToJsonString(), context.RequestAborted);
    }

    private bool Authorized(HttpContext context, JsonObject body)
    {
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header))
        {
            return string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && header.Parameter == Token;
        }

        return Text(body, "username") == Username && Text(body, "password") == Password;
    }

    private JsonObject GroupsIndex(JsonObject body)
    {
        var search = Text(body, "search");
        var rows = _groups.Where(g => search is null || g.Value.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Select(g => GroupJson(g.Key));
        rows = Text(body, "sort") == "name" ? Sort(rows, r => (string?)r["name"], Text(body, "order")) : rows;
        return Paged(rows.ToList(), body);
    }

    private JsonObject GroupsAdd(JsonObject body)
    {
        var name = Required(body, "name");
        if (name.Length > 100)
        {
            throw new SandboxError(2000, "ValidationRequiredError", "Nazwa grupy może mieć maksymalnie 100 znaków.");
        }

        var id = _nextGroupId++;
        _groups[id] = name;
        return new JsonObject { ["success"] = true, ["id"] = id };
    }

    private JsonObject GroupsView(JsonObject body) => GroupJson(ExistingGroup(body));

    private JsonObject GroupsEdit(JsonObject body)
    {
        var id = ExistingGroup(body);
        _groups[id] = Required(body, "name");
        return new JsonObject { ["success"] = true, ["id"] = id };
    }

    private JsonObject GroupsDelete(JsonObject body)
    {
        var id = ExistingGroup(body);
        _groups.Remove(id);
        var deleteContacts = body["delete_contacts"]?.GetValueKind() == JsonValueKind.True;
        foreach (var (contactId, contact) in _contacts.Where(c => c.Value.Groups.Contains(id)).ToList())
        {
            if (deleteContacts)
            {
                _contacts.Remove(contactId);
            }
            else
            {
                contact.Groups.Remove(id);
            }
        }

        return new JsonObject { ["success"] = true };
    }

    private JsonObject GroupsCheck(JsonObject body)
    {
        var phone = Required(body, "phone");
        var items = new JsonArray();
        foreach (var (id, contact) in _contacts.Where(c => c.Value.Phone == phone))
        {
            foreach (var group in contact.Groups)
            {
                items.Add(new JsonObject
                {
                    ["id"] = id.ToString(CultureInfo.InvariantCulture),
                    ["group_id"] = group,
                    ["group_name"] = _groups.GetValueOrDefault(group),
                });
            }
        }

        return new JsonObject { ["items"] = items };
    }

    private JsonObject ContactsIndex(JsonObject body)
    {
        IEnumerable<KeyValuePair<long, SandboxContact>> rows = _contacts;
        long? inGroup = null;
        switch (body["group_id"])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "none":
                rows = rows.Where(c => c.Value.Groups.Count == 0);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                inGroup = value.GetValue<long>();
                if (!_groups.ContainsKey(inGroup.Value))
                {
                    throw new SandboxError(1004, "InvalidID", "Niepoprawny identyfikator grupy.");
                }

                rows = rows.Where(c => c.Value.Groups.Contains(inGroup.Value));
                break;
        }

        var search = Text(body, "search");
        var items = rows.Select(c => ContactJson(c.Key, c.Value, inGroup))
            .Where(c => search is null || c.Where(p => p.Value?.GetValueKind() == JsonValueKind.String)
                .Any(p => p.Value!.GetValue<string>().Contains(search, StringComparison.OrdinalIgnoreCase)));
        if (Text(body, "sort") is { } sort)
        {
            items = Sort(items, c => (string?)c[sort], Text(body, "order"));
        }

        return Paged(items.ToList(), body);
    }

    private JsonObject ContactsView(JsonObject body)
    {
        var id = ExistingContact(body);
        return ContactJson(id, _contacts[id], null);
    }

    private JsonObject ContactsSave(JsonObject body, long? existing)
    {
        var phone = Required(body, "phone");
        if (!ValidPhone(phone))
        {
            throw new SandboxError(2001, "ValidationPhoneError", "Niepoprawny numer telefonu.");
        }

        var groups = body["group_id"] switch
        {
            null => [],
            JsonArray array => array.Select(g => g!.GetValue<long>()).ToList(),
            var one => [one.GetValue<long>()],
        };
        if (groups.FirstOrDefault(g => !_groups.ContainsKey(g)) is var missing and not 0)
        {
            throw new SandboxError(1004, "InvalidID", $"Grupa {missing} nie istnieje.");
        }

        var id = existing ?? _nextContactId++;
        _contacts[id] = new SandboxContact
        {
            Phone = phone,
            Email = Text(body, "email") ?? "",
            FirstName = Text(body, "first_name") ?? "",
            LastName = Text(body, "last_name") ?? "",
            Company = Text(body, "company") ?? "",
            TaxId = Text(body, "tax_id") ?? "",
            Address = Text(body, "address") ?? "",
            City = Text(body, "city") ?? "",
            Description = Text(body, "description") ?? "",
            Groups = groups,
        };
        return new JsonObject { ["success"] = true, ["id"] = id };
    }

    private JsonObject ContactsDelete(JsonObject body)
    {
        _contacts.Remove(ExistingContact(body));
        return new JsonObject { ["success"] = true };
    }

    private JsonObject ContactsImport(JsonObject body)
    {
        var name = Required(body, "group_name");
        if (body["contact"] is not JsonArray contacts)
        {
            throw new SandboxError(2000, "ValidationRequiredError", "Parametr contact jest wymagany.");
        }

        var group = _groups.FirstOrDefault(g => g.Value == name).Key;
        if (group == 0)
        {
            group = _nextGroupId++;
            _groups[group] = name;
        }

        int correct = 0, failed = 0;
        foreach (var contact in contacts.OfType<JsonObject>())
        {
            var phone = Text(contact, "phone");
            if (phone is null || !ValidPhone(phone))
            {
                failed++;
                continue;
            }

            correct++;
            _contacts[_nextContactId++] = new SandboxContact
            {
                Phone = phone,
                Email = Text(contact, "email") ?? "",
                FirstName = Text(contact, "first_name") ?? "",
                LastName = Text(contact, "last_name") ?? "",
                Company = Text(contact, "company") ?? "",
                Groups = [group],
            };
        }

        return new JsonObject { ["success"] = true, ["id"] = group, ["correct"] = correct, ["failed"] = failed };
    }

    private JsonObject SendSms(JsonObject body)
    {
        var text = Required(body, "text");
        var phones = new List<string>();
        switch (body["phone"])
        {
            case JsonArray array:
                phones.AddRange(array.Select(p => p!.GetValue<string>()));
                break;
            case JsonValue one:
                phones.Add(one.GetValue<string>());
                break;
        }

        var groups = body["group_id"] switch
        {
            null => [],
            JsonArray array => array.Select(g => g!.GetValue<long>()).ToList(),
            var one => [one.GetValue<long>()],
        };
        foreach (var group in groups)
        {
            if (!_groups.ContainsKey(group))
            {
                throw new SandboxError(1004, "InvalidID", $"Grupa {group} nie istnieje.");
            }

            phones.AddRange(_contacts.Values.Where(c => c.Groups.Contains(group)).Select(c => c.Phone));
        }

        if (phones.Count == 0)
        {
            throw new SandboxError(2000, "ValidationRequiredError", "Parametr phone lub group_id jest wymagany.");
        }

        if (Text(body, "sender") is { } sender && !Senders.Contains(sender))
        {
            throw new SandboxError(2000, "ValidationRequiredError", "Niepoprawna nazwa nadawcy.");
        }

        var items = new JsonArray();
        int queued = 0, unsent = 0;
        var sentAt = Clock.GetUtcNow();
        var now = FormatTime(sentAt)!;
        var uniqueIds = Strings(body["unique_id"]);
        var scheduled = Text(body, "date") is { } date ? DateTimeOffset.Parse(date, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        for (var index = 0; index < phones.Count; index++)
        {
            var phone = phones[index];
            var reason = _blacklist.ContainsKey(phone) ? "number_is_blacklisted"
                : phone.EndsWith(RejectedSuffix, StringComparison.Ordinal) || !ValidPhone(phone) ? "wrong_number"
                : null;
            if (reason is null)
            {
                queued++;
            }
            else
            {
                unsent++;
            }

            var messageId = reason is null ? NewMessageId() : null;
            if (messageId is not null)
            {
                var start = scheduled > sentAt ? scheduled.Value : sentAt;
                _sent.Add(new SentMessage(messageId, uniqueIds.Count == 1 ? uniqueIds[0] : uniqueIds.ElementAtOrDefault(index), phone, text,
                    Text(body, "sender"), sentAt, scheduled > sentAt ? scheduled : null)
                {
                    FinalAt = phone.EndsWith(PendingSuffix, StringComparison.Ordinal) ? null : start + DeliveryDelay,
                    FinalStatus = phone.EndsWith(UndeliveredSuffix, StringComparison.Ordinal) ? "undelivered" : "delivered",
                    Reason = phone.EndsWith(UndeliveredSuffix, StringComparison.Ordinal) ? "message_expired" : null,
                });
            }

            var item = new JsonObject
            {
                ["id"] = messageId,
                ["phone"] = phone,
                ["status"] = reason is null ? "queued" : "unsent",
                ["queued"] = reason is null ? now : null,
                ["parts"] = Math.Max(1, (text.Length + 152) / 153),
                ["text"] = text,
            };
            if (reason is not null)
            {
                item["error_code"] = reason == "wrong_number" ? 3007 : 3009;
                item["error_message"] = reason;
            }

            items.Add(item);
        }

        var answer = new JsonObject { ["success"] = true, ["queued"] = queued, ["unsent"] = unsent };
        if (body["details"]?.GetValueKind() == JsonValueKind.True)
        {
            answer["items"] = items;
        }

        return answer;
    }

    private JsonObject BlacklistAdd(JsonObject body)
    {
        var phone = Required(body, "phone");
        if (!ValidPhone(phone))
        {
            throw new SandboxError(2001, "ValidationPhoneError", "Niepoprawny numer telefonu.");
        }

        if (!_blacklist.TryGetValue(phone, out var id))
        {
            _blacklist[phone] = id = _nextOtherId++;
        }

        return new JsonObject { ["success"] = true, ["id"] = id };
    }

    private JsonObject SendersIndex(JsonObject body)
    {
        var items = new JsonArray();
        foreach (var sender in Senders)
        {
            items.Add(new JsonObject { ["name"] = sender, ["agreement"] = "delivered", ["status"] = "authorized" });
        }

        items.Add(new JsonObject { ["name"] = "Oczekuje", ["agreement"] = "required", ["status"] = "pending_authorization" });
        if (body["predefined"]?.GetValueKind() == JsonValueKind.True)
        {
            items.Add(new JsonObject { ["name"] = "SMS Info", ["agreement"] = "not_required", ["status"] = "authorized" });
        }

        return new JsonObject { ["items"] = items };
    }

    private JsonObject GroupJson(long id) => new()
    {
        ["id"] = id,
        ["name"] = _groups[id],
        ["count"] = _contacts.Values.Count(c => c.Groups.Contains(id)),
    };

    private JsonObject ContactJson(long id, SandboxContact contact, long? inGroup)
    {
        var group = inGroup ?? (contact.Groups.Count > 0 ? contact.Groups[0] : null);
        return new JsonObject
        {
            ["id"] = id,
            ["phone"] = contact.Phone,
            ["email"] = contact.Email,
            ["company"] = contact.Company,
            ["first_name"] = contact.FirstName,
            ["last_name"] = contact.LastName,
            ["tax_id"] = contact.TaxId,
            ["address"] = contact.Address,
            ["city"] = contact.City,
            ["description"] = contact.Description,
            ["blacklist"] = _blacklist.ContainsKey(contact.Phone),
            ["group_id"] = group,
            ["group_name"] = group is { } g ? _groups.GetValueOrDefault(g) : null,
        };
    }

    private long ExistingGroup(JsonObject body)
    {
        var id = Id(body);
        return _groups.ContainsKey(id) ? id : throw new SandboxError(1004, "InvalidID", "Niepoprawny identyfikator grupy.");
    }

    private long ExistingContact(JsonObject body)
    {
        var id = Id(body);
        return _contacts.ContainsKey(id) ? id : throw new SandboxError(1004, "InvalidID", "Niepoprawny identyfikator kontaktu.");
    }

    private static long Id(JsonObject body) =>
        body["id"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<long>()
            : throw new SandboxError(2000, "ValidationRequiredError", "Parametr id jest wymagany.");

    /// <summary>
    /// <c>messages/recived</c> (sic): filters by type, NDI number, sender (one or many) and time (local, inclusive),
    /// ordered by time then id, paged; <c>read: true</c> marks what it lists, which is then never listed again.
    /// </summary>
    private JsonObject Received(JsonObject body)
    {
        var type = Text(body, "type");
        var ndi = Text(body, "ndi");
        var phones = body["phone"] switch
        {
            JsonArray many => many.Select(p => p!.GetValue<string>()).ToHashSet(StringComparer.Ordinal),
            JsonValue one when one.GetValueKind() == JsonValueKind.String => [one.GetValue<string>()],
            _ => null,
        };
        var from = Text(body, "date_from");
        var to = Text(body, "date_to");
        var rows = _received.Where(m => !m.Read && (type is null || m.Type == type) && (ndi is null || m.Ndi == ndi)
                                         && (phones is null || phones.Contains(m.Phone))
                                         && (from is null || string.CompareOrdinal(m.Received, from) >= 0)
                                         && (to is null || string.CompareOrdinal(m.Received, to) <= 0));
        var ordered = (Text(body, "order") == "desc"
            ? rows.OrderByDescending(m => m.Received, StringComparer.Ordinal).ThenByDescending(m => m.Id)
            : rows.OrderBy(m => m.Received, StringComparer.Ordinal).ThenBy(m => m.Id)).ToList();
        var page = Paged(ordered.Select(ReceivedJson).ToList(), body);
        if (body["read"]?.GetValueKind() == JsonValueKind.True)
        {
            var listed = page["items"]!.AsArray().Select(i => ((string)i!["type"]!, (long)i["id"]!)).ToHashSet();
            foreach (var message in ordered.Where(m => listed.Contains((m.Type, m.Id))))
            {
                message.Read = true;
            }
        }

        return page;
    }

    private JsonObject ReceivedJson(ReceivedMessage message)
    {
        var json = new JsonObject
        {
            ["id"] = message.Id,
            ["type"] = message.Type,
            ["phone"] = message.Phone,
            ["recived"] = message.Received,
            ["blacklist"] = _blacklist.ContainsKey(message.Phone),
            ["text"] = message.Text,
        };
        if (message.MessageId is not null)
        {
            json["message_id"] = message.MessageId;
        }

        if (message.Type == "mms")
        {
            json["to_number"] = message.ToNumber ?? message.Ndi;
            json["title"] = message.Title;
            json["attachments"] = message.Attachments?.DeepClone() ?? new JsonArray();
        }

        return json;
    }

    /// <summary>
    /// <c>messages/reports</c>: filters by phone, id and unique id (one or many), status (pending: any not final), type and
    /// queued time (local, inclusive), ordered by queued time then id, paged.
    /// </summary>
    private JsonObject Reports(JsonObject body)
    {
        var now = Clock.GetUtcNow();
        var phones = Strings(body["phone"]);
        var ids = Strings(body["id"]);
        var uniqueIds = Strings(body["unique_id"]);
        if (ids.Count > 500)
        {
            throw new SandboxError(2000, "ValidationRequiredError", "Maksymalnie 500 identyfikatorów.");
        }

        var status = Text(body, "status");
        var type = Text(body, "type");
        var from = Text(body, "date_from");
        var to = Text(body, "date_to");
        // A message is listed from the time it is queued.
        var rows = _sent.Where(m => !m.Deleted && m.Queued <= now && (phones.Count == 0 || phones.Contains(m.Phone)) && (ids.Count == 0 || ids.Contains(m.Id))
                                    && (uniqueIds.Count == 0 || (m.UniqueId is not null && uniqueIds.Contains(m.UniqueId)))
                                    && (status is null || StatusAt(m, now) == status || (status == "pending" && StatusAt(m, now) is "sent" or "in_progress" or "saved"))
                                    && (type is null || TypeOf(m) == type)
                                    && (from is null || string.CompareOrdinal(Local(m.Queued), from) >= 0)
                                    && (to is null || string.CompareOrdinal(Local(m.Queued), to) <= 0));
        var ordered = Text(body, "order") == "desc"
            ? rows.OrderByDescending(m => m.Queued).ThenByDescending(m => m.Id, StringComparer.Ordinal)
            : rows.OrderBy(m => m.Queued).ThenBy(m => m.Id, StringComparer.Ordinal);
        return Paged(ordered.Select(m => ReportJson(m, now)).ToList(), body);
    }

    private JsonObject ViewMessage(JsonObject body)
    {
        var id = Text(body, "id") ?? throw new SandboxError(2000, "ValidationRequiredError", "Parametr id jest wymagany.");
        return _sent.FirstOrDefault(m => m.Id == id && !m.Deleted) is { } message
            ? ReportJson(message, Clock.GetUtcNow())
            : throw new SandboxError(1004, "InvalidID", "Niepoprawny identyfikator wiadomości.");
    }

    /// <summary><c>messages/delete</c>: removes scheduled messages from the scheduler; success is false when none was still scheduled.</summary>
    private JsonObject DeleteMessages(JsonObject body)
    {
        var ids = Strings(body["id"]);
        var uniqueIds = Strings(body["unique_id"]);
        if (ids.Count == 0 && uniqueIds.Count == 0)
        {
            throw new SandboxError(2000, "ValidationRequiredError", "Parametr id lub unique_id jest wymagany.");
        }

        var now = Clock.GetUtcNow();
        var deleted = 0;
        foreach (var message in _sent.Where(m => !m.Deleted && (ids.Contains(m.Id) || (m.UniqueId is not null && uniqueIds.Contains(m.UniqueId)))))
        {
            if (StatusAt(message, now) == "saved")
            {
                message.Deleted = true;
                deleted++;
            }
        }

        return new JsonObject { ["success"] = deleted > 0 };
    }

    private static string StatusAt(SentMessage message, DateTimeOffset now) =>
        message.Scheduled > now ? "saved" : message.FinalAt <= now ? message.FinalStatus : "sent";

    private static string TypeOf(SentMessage message) => message.Sender is null ? "eco" : "full";

    private JsonObject ReportJson(SentMessage message, DateTimeOffset now)
    {
        var status = StatusAt(message, now);
        return new JsonObject
        {
            ["id"] = message.Id,
            ["phone"] = message.Phone,
            ["status"] = status,
            ["queued"] = FormatTime(message.Queued),
            ["sent"] = status == "saved" ? null : FormatTime(message.Scheduled ?? message.Queued),
            ["delivered"] = status == "delivered" ? FormatTime(message.FinalAt!.Value) : null,
            ["sender"] = message.Sender ?? "",
            ["type"] = TypeOf(message),
            ["text"] = message.Text,
            ["flash"] = false,
            ["utf"] = false,
            ["parts"] = 1,
            ["cost"] = 0.09,
            ["reason"] = status == "undelivered" ? message.Reason : null,
        };
    }

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Warsaw).DateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private string? FormatTime(DateTimeOffset at) =>
        IsoTimes ? TimeZoneInfo.ConvertTime(at, Warsaw).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : Local(at);

    /// <summary>One string or number, or an array of them, as SerwerSMS takes list filters.</summary>
    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray many => many.Where(v => v is not null).Select(v => v!.ToString()).ToList(),
        JsonValue one => [one.ToString()],
        _ => [],
    };

    private static JsonObject Paged(List<JsonObject> rows, JsonObject body)
    {
        var page = body["page"]?.GetValue<int>() ?? 1;
        var limit = body["limit"]?.GetValue<int>() ?? 100;
        var items = new JsonArray(rows.Skip((page - 1) * limit).Take(limit).Select(r => (JsonNode)r).ToArray());
        return new JsonObject
        {
            ["paging"] = new JsonObject { ["page"] = page, ["count"] = Math.Max(1, (rows.Count + limit - 1) / limit) },
            ["items"] = items,
        };
    }

    private static IEnumerable<JsonObject> Sort(IEnumerable<JsonObject> rows, Func<JsonObject, string?> key, string? order) =>
        order == "desc" ? rows.OrderByDescending(key, StringComparer.Ordinal) : rows.OrderBy(key, StringComparer.Ordinal);

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Required(JsonObject body, string name) =>
        Text(body, name) is { Length: > 0 } value ? value
            : throw new SandboxError(2000, "ValidationRequiredError", $"Parametr {name} jest wymagany.");

    private static bool ValidPhone(string phone) =>
        phone.Length is >= 8 and <= 16 && phone[0] == '+' && phone[1..].All(char.IsAsciiDigit);

    private Task Error(HttpContext context, int code, string type, string message)
    {
        context.Response.StatusCode = ErrorStatus;
        context.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["type"] = type, ["message"] = message } };
        return context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
    }

    private sealed class SandboxContact
    {
        public string Phone { get; init; } = "";
        public string Email { get; init; } = "";
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public string Company { get; init; } = "";
        public string TaxId { get; init; } = "";
        public string Address { get; init; } = "";
        public string City { get; init; } = "";
        public string Description { get; init; } = "";
        public List<long> Groups { get; init; } = [];
    }

    private sealed class SandboxError(int code, string type, string message) : Exception(message)
    {
        public int Code { get; } = code;
        public string Type { get; } = type;
    }
}
