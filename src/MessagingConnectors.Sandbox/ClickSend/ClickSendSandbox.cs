using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MessagingConnectors.Sandbox.ClickSend;

/// <summary>
/// ClickSend REST v3 as seen from outside: Basic auth, the <c>{http_code, response_code,
/// response_msg, data}</c> envelope, and per-message statuses. A recipient whose number ends in
/// 0000 is rejected with INVALID_RECIPIENT, so partial and total rejection can be tried.
/// </summary>
public sealed partial class ClickSendSandbox : IProviderSandbox
{
    public string Name => "ClickSend";

    public string Prefix => "/clicksend/v3";

    public string Username { get; set; } = "sandbox";

    public string ApiKey { get; set; } = "sandbox-api-key";

    public const string RejectedSuffix = "0000";

    public void Map(IEndpointRouteBuilder routes)
    {
        var v3 = routes.MapGroup(Prefix);
        v3.MapPost("/sms/send", SendSms);
        v3.MapPost("/mms/send", SendMms);
        v3.MapPost("/voice/send", SendVoice);
        v3.MapPost("/fax/send", SendFax);
        v3.MapPost("/post/letters/send", SendPost);
        v3.MapPost("/post/postcards/send", SendPost);
        v3.MapPost("/sms-campaigns/send", SendCampaign);
        v3.MapPost("/uploads", Upload);
        MapDelivery(v3, routes);
        v3.MapPost("/automations/sms/inbound", CreateInboundRule);
        MapRuleReads(v3, "/automations/sms/inbound", _rules, "Here are your automations.", "Your automation has been deleted.", "Your automation is not found.");
        routes.MapPost("/_sandbox/clicksend/inbound", async (HttpContext c) =>
        {
            var sms = await ReadBody(c) as JsonObject ?? [];
            var messageId = sms["message_id"]?.ToString();
            var delivered = await DeliverInboundAsync(
                sms["to"]?.GetValue<string>() ?? "+61411111111", sms["from"]?.GetValue<string>() ?? "+61422222222",
                sms["body"]?.GetValue<string>() ?? "Hello from the sandbox", string.IsNullOrEmpty(messageId) ? null : messageId, c.RequestAborted);
            return Results.Json(new { delivered });
        });
        // Letters and postcards as ClickSend answers an account that has no post: {"available": false} turns them into 403s.
        routes.MapPut("/_sandbox/clicksend/post", async (HttpContext c) =>
        {
            if (await ReadBody(c) is not JsonObject { } setting || setting["available"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Results.BadRequest(new { error = "send {\"available\": true} or {\"available\": false}" });
            }

            PostAvailable = setting["available"]!.GetValue<bool>();
            return Results.NoContent();
        });
        v3.MapPost("/lists", CreateList);
        v3.MapGet("/lists", GetLists);
        v3.MapDelete("/lists/{listId}", DeleteList);
        v3.MapGet("/search/contacts-lists", SearchLists);
        v3.MapPost("/lists/{listId}/contacts", CreateContact);
        v3.MapGet("/lists/{listId}/contacts", GetContacts);
        v3.MapDelete("/lists/{listId}/contacts/{contactId}", DeleteContact);
        v3.MapGet("/countries", (HttpContext c) => Authorized(c, () => Envelope(c, 200, "SUCCESS", "List of Countries.", Countries())));
        v3.MapGet("/voice/lang", (HttpContext c) => Authorized(c, () => Envelope(c, 200, "SUCCESS", "Here are the possible languages.", VoiceLanguages())));
        v3.MapGet("/post/return-addresses", (HttpContext c) => Authorized(c, () => Envelope(c, 200, "SUCCESS", "Here are your records.",
            Page(c, [new JsonObject
            {
                ["return_address_id"] = 4, ["user_id"] = 123456, ["address_name"] = "Sandbox HQ",
                ["address_line_1"] = "1 Loopback Street", ["address_line_2"] = "", ["address_city"] = "Perth",
                ["address_state"] = "WA", ["address_postal_code"] = "6000", ["address_country"] = "AU",
            }]))));
    }

    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, JsonObject> _rules = [];
    private static readonly HttpClient Webhooks = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The inbound rules the sandbox holds now.</summary>
    public IReadOnlyList<JsonObject> InboundRules
    {
        get
        {
            lock (_lock)
            {
                return _rules.Values.Select(r => (JsonObject)r.DeepClone()).ToList();
            }
        }
    }

    private async Task CreateInboundRule(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        var rule = await ReadBody(context) as JsonObject;
        if (rule?["action_address"] is null || rule["action"]?.GetValue<string>() != "URL")
        {
            await Envelope(context, 400, "BAD_REQUEST", "action and action_address are required.", null);
            return;
        }

        JsonObject created;
        lock (_lock)
        {
            var id = ++_nextId;
            created = (JsonObject)rule.DeepClone();
            created["inbound_rule_id"] = id;
            created["body"] ??= null; // members of the documented answer a URL rule leaves empty
            created["webhook_type"] ??= "json"; // what the sandbox pushes a rule without one as
            _rules[id] = created;
            created = (JsonObject)created.DeepClone();
        }

        await Envelope(context, 200, "SUCCESS", "Your new automation has been added.", created);
    }

    /// <summary>
    /// Emulates an SMS arriving at <paramref name="to"/>: every matching rule's URL gets ClickSend's
    /// JSON webhook (or form fields for webhook_type post). Returns how many rules answered 2xx.
    /// </summary>
    public async Task<int> DeliverInboundAsync(string to, string from, string body, string? messageId = null,
        CancellationToken cancellationToken = default)
    {
        List<JsonObject> rules;
        lock (_lock)
        {
            rules = _rules.Values.Where(r => Matches(r, to, body)).Select(r => (JsonObject)r.DeepClone()).ToList();
        }

        messageId ??= Guid.NewGuid().ToString().ToUpperInvariant();
        var fields = new Dictionary<string, string>
        {
            ["originalsenderid"] = to, ["body"] = body, ["message"] = body, ["sms"] = from, ["from"] = from, ["to"] = to,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["message_id"] = messageId, ["original_message_id"] = "ORIGINAL-1", ["original_body"] = "Your order shipped",
            ["user_id"] = "123456", ["subaccount_id"] = "654321", ["custom_string"] = "",
        };
        var delivered = 0;
        foreach (var rule in rules)
        {
            using HttpContent content = rule["webhook_type"]?.GetValue<string>() == "post"
                ? new FormUrlEncodedContent(fields)
                : new StringContent(new JsonObject(fields.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))).ToJsonString(),
                    Encoding.UTF8, "application/json");
            using var response = await Webhooks.PostAsync(rule["action_address"]!.GetValue<string>(), content, cancellationToken);
            delivered += response.IsSuccessStatusCode ? 1 : 0;
        }

        return delivered;
    }

    /// <summary>Listing and deleting one kind of automation rule (inbound, receipt), in ClickSend's envelope and pages.</summary>
    private void MapRuleReads(RouteGroupBuilder v3, string path, SortedDictionary<long, JsonObject> rules, string listed, string deleted, string missing)
    {
        v3.MapGet(path, (HttpContext c) => Authorized(c, () =>
        {
            List<JsonNode> all;
            lock (_lock)
            {
                all = rules.Values.Select(r => r.DeepClone()).ToList();
            }

            return Envelope(c, 200, "SUCCESS", listed, Page(c, all));
        }));
        v3.MapDelete(path + "/{ruleId}", (HttpContext c, long ruleId) => Authorized(c, () =>
        {
            bool removed;
            lock (_lock)
            {
                removed = rules.Remove(ruleId);
            }

            return removed ? Envelope(c, 200, "SUCCESS", deleted, NoData()) : Envelope(c, 404, "NOT_FOUND", missing, null);
        }));
    }

    private static bool Matches(JsonObject rule, string to, string body)
    {
        var number = rule["dedicated_number"]?.GetValue<string>() ?? "*";
        var term = rule["message_search_term"]?.GetValue<string>() ?? "";
        var matchesText = (rule["message_search_type"]?.GetValue<int>() ?? 0) switch
        {
            1 => body.StartsWith(term, StringComparison.OrdinalIgnoreCase),
            2 => body.Contains(term, StringComparison.OrdinalIgnoreCase),
            3 => !body.Contains(term, StringComparison.OrdinalIgnoreCase),
            _ => true,
        };
        return (number == "*" || number == to) && (rule["enabled"]?.GetValue<int>() ?? 1) == 1 && matchesText;
    }
    private readonly SortedDictionary<long, (string Name, SortedDictionary<long, JsonObject> Contacts)> _lists = [];
    private long _nextId = 1000;

    /// <summary>The list and contact the app's document names in its examples (list 428, contact 1), for trying it by hand.</summary>
    public void AddExamples()
    {
        lock (_lock)
        {
            _lists[428] = ("Customers", new SortedDictionary<long, JsonObject>
            {
                [1] = new()
                {
                    ["contact_id"] = 1, ["list_id"] = 428, ["phone_number"] = "+61411111111", ["first_name"] = "Jana",
                    ["last_name"] = "Nováková", ["email"] = "jana@example.com", ["date_added"] = 1764806400,
                },
            });
        }
    }

    /// <summary>Names of the lists the sandbox holds now, for tests that check state.</summary>
    public IReadOnlyList<string> ListNames
    {
        get
        {
            lock (_lock)
            {
                return _lists.Values.Select(l => l.Name).ToList();
            }
        }
    }

    private async Task CreateList(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        var name = (await ReadBody(context))?["list_name"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            await Envelope(context, 400, "BAD_REQUEST", "list_name is required.", null);
            return;
        }

        JsonObject list;
        lock (_lock)
        {
            var id = ++_nextId;
            _lists[id] = (name, []);
            list = ListJson(id, name, 0);
        }

        // A new list's answer also says whether an import or an opt-out runs on it (the documented example).
        list["_import_in_progress"] = 0;
        list["_optout_in_progress"] = 0;

        await Envelope(context, 200, "SUCCESS", "New list has been created.", list);
    }

    private Task GetLists(HttpContext context) => Authorized(context, () =>
    {
        List<JsonNode> lists;
        lock (_lock)
        {
            lists = _lists.Select(l => (JsonNode)ListJson(l.Key, l.Value.Name, l.Value.Contacts.Count)).ToList();
        }

        return Envelope(context, 200, "SUCCESS", "Here are your data.", Page(context, lists, withLinks: true));
    });

    private Task SearchLists(HttpContext context) => Authorized(context, () =>
    {
        var query = context.Request.Query["q"].ToString();
        List<JsonNode> matches;
        lock (_lock)
        {
            matches = _lists.Where(l => l.Value.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
                .Select(l => (JsonNode)new JsonObject
                {
                    ["id"] = l.Key, ["name"] = l.Value.Name, ["contact"] = null, ["type"] = "list", ["contacts_count"] = l.Value.Contacts.Count,
                }).ToList();
        }

        return Envelope(context, 200, "SUCCESS", "Here are your search results.", Page(context, matches));
    });

    private Task DeleteList(HttpContext context, long listId) => Authorized(context, () =>
    {
        bool removed;
        lock (_lock)
        {
            removed = _lists.Remove(listId);
        }

        return removed
            ? Envelope(context, 200, "SUCCESS", "List #" + listId + " has been deleted.", NoData())
            : Envelope(context, 404, "NOT_FOUND", "Your list is not found.", null);
    });

    private async Task CreateContact(HttpContext context, long listId)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        var body = (await ReadBody(context)) as JsonObject;
        if (body is null || (body["phone_number"] is null && body["email"] is null && body["fax_number"] is null))
        {
            await Envelope(context, 400, "BAD_REQUEST", "You need at least one of phone_number, email or fax_number.", null);
            return;
        }

        JsonObject? contact = null;
        lock (_lock)
        {
            if (_lists.TryGetValue(listId, out var list))
            {
                var id = ++_nextId;
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                contact = new JsonObject { ["contact_id"] = id, ["list_id"] = listId };
                foreach (var member in ContactFields)
                {
                    contact[member] = body[member]?.DeepClone();
                }

                contact["date_added"] = now;
                contact["date_updated"] = now;
                contact["_list_name"] = list.Name;
                list.Contacts[id] = contact;
                contact = (JsonObject)contact.DeepClone();
            }
        }

        await (contact is null
            ? Envelope(context, 404, "NOT_FOUND", "Your list is not found.", null)
            : Envelope(context, 200, "SUCCESS", "New contact has been created.", contact));
    }

    /// <summary>What a contact holds besides its IDs and dates, in the order of ClickSend's documented contact.</summary>
    private static readonly string[] ContactFields =
    [
        "phone_number", "first_name", "last_name", "custom_1", "custom_2", "custom_3", "custom_4", "fax_number", "organization_name", "email",
        "address_line_1", "address_line_2", "address_city", "address_state", "address_postal_code", "address_country",
    ];

    private Task GetContacts(HttpContext context, long listId) => Authorized(context, () =>
    {
        List<JsonNode>? contacts = null;
        lock (_lock)
        {
            if (_lists.TryGetValue(listId, out var list))
            {
                contacts = list.Contacts.Values.Select(c => c.DeepClone()).ToList();
            }
        }

        return contacts is null
            ? Envelope(context, 404, "NOT_FOUND", "Your list is not found.", null)
            : Envelope(context, 200, "SUCCESS", "Here are your contacts.", Page(context, contacts));
    });

    private Task DeleteContact(HttpContext context, long listId, long contactId) => Authorized(context, () =>
    {
        bool removed;
        lock (_lock)
        {
            removed = _lists.TryGetValue(listId, out var list) && list.Contacts.Remove(contactId);
        }

        return removed
            ? Envelope(context, 200, "SUCCESS", "Contact #" + contactId + " has been deleted.", NoData())
            : Envelope(context, 404, "NOT_FOUND", "Your contact is not found.", null);
    });

    private static JsonObject ListJson(long id, string name, int count) => new()
    {
        ["list_id"] = id,
        ["list_name"] = name,
        ["list_email_id"] = "SANDBOX" + id,
        ["_contacts_count"] = count,
    };

    /// <summary>
    /// ClickSend's pagination: page from 1, limit 15 to 100 (default 15). <paramref name="withLinks"/>: the newer paginator's
    /// members too (first and last page URLs, path, links), which ClickSend's documented example of GET /v3/lists has and
    /// its examples of contacts and return addresses do not.
    /// </summary>
    private static JsonObject Page(HttpContext context, List<JsonNode> items, bool withLinks = false)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 15, 100) : 15;
        var lastPage = Math.Max(1, (items.Count + limit - 1) / limit);
        var slice = items.Skip((page - 1) * limit).Take(limit).ToList();
        var path = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
        string PageUrl(int number) => $"{path}?page={number}";
        var answer = new JsonObject
        {
            ["total"] = items.Count,
            ["per_page"] = limit,
            ["current_page"] = page,
            ["last_page"] = lastPage,
            ["next_page_url"] = page < lastPage ? PageUrl(page + 1) : null,
            ["prev_page_url"] = page > 1 ? PageUrl(page - 1) : null,
            ["from"] = slice.Count == 0 ? null : (page - 1) * limit + 1,
            ["to"] = slice.Count == 0 ? null : (page - 1) * limit + slice.Count,
        };
        if (withLinks)
        {
            JsonObject Link(int? number, string label, bool active) => new()
            {
                ["url"] = number is { } n ? PageUrl(n) : null, ["label"] = label, ["page"] = number, ["active"] = active,
            };
            var links = new JsonArray(Link(page > 1 ? page - 1 : null, "&laquo; Previous", false));
            for (var number = 1; number <= lastPage; number++)
            {
                links.Add(Link(number, number.ToString(CultureInfo.InvariantCulture), number == page));
            }

            links.Add(Link(page < lastPage ? page + 1 : null, "Next &raquo;", false));
            answer["first_page_url"] = PageUrl(1);
            answer["last_page_url"] = PageUrl(lastPage);
            answer["path"] = path;
            answer["links"] = links;
        }

        answer["data"] = new JsonArray(slice.ToArray());
        return answer;
    }

    private static JsonArray Countries() =>
        new(new[] { ("AU", "Australia"), ("CZ", "Czechia"), ("GB", "United Kingdom"), ("PL", "Poland"), ("US", "United States") }
            .Select(c => (JsonNode)new JsonObject { ["code"] = c.Item1, ["value"] = c.Item2 }).ToArray());

    /// <summary>The languages the sandbox accepts for voice messages (a subset of ClickSend's).</summary>
    public static readonly IReadOnlyList<string> VoiceLanguageCodes = ["en-us", "en-au", "en-gb", "de-de", "fr-fr", "pl-pl"];

    private static JsonArray VoiceLanguages() =>
        new(VoiceLanguageCodes.Select(code => (JsonNode)new JsonObject
        {
            ["code"] = code,
            ["country"] = code,
            ["gender"] = code == "en-us" ? "male" : new JsonArray("female", "male"),
        }).ToArray());

    private Task Authorized(HttpContext context, Func<Task> then) => Authorized(context) ? then() : Unauthorized(context);

    private static Task Unauthorized(HttpContext context) => Envelope(context, 401, "UNAUTHORIZED", "Invalid credentials.", null);

    public Task WriteFaultAsync(HttpContext context, int status) =>
        Envelope(context, status, status switch
        {
            400 => "BAD_REQUEST",
            401 => "UNAUTHORIZED",
            403 => "FORBIDDEN",
            404 => "NOT_FOUND",
            429 => "TOO_MANY_REQUESTS",
            _ => "INTERNAL_SERVER_ERROR",
        }, status == 429 ? "Too many requests." : "Injected failure.", null);

    private Task SendSms(HttpContext context) => SendMessages(context, SmsShape, (message, root) =>
        message["body"]?.GetValue<string>() is not { Length: > 0 } ? "EMPTY_MESSAGE" : null, delivers: true);

    private Task SendMms(HttpContext context) => SendMessages(context, MmsShape, (message, root) =>
        root["media_file"] is null ? "INVALID_MEDIA_FILE"
        : message["subject"] is null ? "SUBJECT_REQUIRED"
        : message["body"]?.GetValue<string>() is not { Length: > 0 } ? "EMPTY_MESSAGE" : null);

    private Task SendVoice(HttpContext context) => SendMessages(context, VoiceShape, (message, root) =>
        !VoiceLanguageCodes.Contains(message["lang"]?.GetValue<string>() ?? "") ? "INVALID_LANG"
        : message["voice"]?.GetValue<string>() is not ("male" or "female") ? "INVALID_VOICE"
        : message["body"]?.GetValue<string>() is not { Length: > 0 } ? "EMPTY_MESSAGE" : null);

    private Task SendFax(HttpContext context) => SendMessages(context, SmsShape, (message, root) =>
        root["file_url"] is null ? "MISSING_REQUIRED_FIELDS" : null);

    /// <summary>
    /// The shared shape of every message send: each message gets a status (SUCCESS unless
    /// <paramref name="reject"/> or the recipient rules say otherwise) and the totals follow.
    /// </summary>
    /// <param name="delivers">An SMS send: what it accepted is in the history and gets its receipts (see <see cref="Accept"/>).</param>
    private async Task SendMessages(HttpContext context, SendShape shape, Func<JsonObject, JsonObject, string?> reject, bool delivers = false)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        var root = await ReadBody(context) as JsonObject;
        if (root?["messages"] is not JsonArray { Count: > 0 } messages)
        {
            await Envelope(context, 400, "BAD_REQUEST", "messages is required.", null);
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var results = new JsonArray();
        var queued = 0;
        foreach (var message in messages.OfType<JsonObject>())
        {
            var to = message["to"]?.GetValue<string>();
            var body = message["body"]?.GetValue<string>() ?? "";
            var status = reject(message, root)
                ?? (to is null && message["list_id"] is null ? "MISSING_REQUIRED_FIELDS"
                    : to is not null && to.EndsWith(RejectedSuffix, StringComparison.Ordinal) ? "INVALID_RECIPIENT"
                    : "SUCCESS");
            if (status == "SUCCESS")
            {
                queued++;
            }

            var result = shape.Message(message, new SentMessage(to, body, status, now, root));
            results.Add(result);
            if (delivers && status == "SUCCESS")
            {
                Accept(result);
            }
        }

        var data = new JsonObject
        {
            ["total_price"] = Math.Round(queued * 0.0792, 4),
            ["total_count"] = results.Count,
            ["queued_count"] = queued,
            ["messages"] = results,
        };
        if (shape.Currency)
        {
            data["_currency"] = Currency();
        }

        if (shape.BlockedCount)
        {
            data["blocked_count"] = 0;
        }

        await Envelope(context, 200, "SUCCESS", "Messages queued for delivery.", data);
    }

    /// <summary>One message of a send as the sandbox read it, with the status it gave it.</summary>
    private sealed record SentMessage(string? To, string Body, string Status, long Now, JsonObject Send)
    {
        public string Price => Status == "SUCCESS" ? "0.0792" : "0.0000";

        public int Parts => Math.Max(1, (Body.Length + 152) / 153);

        public string MessageId { get; } = Guid.NewGuid().ToString().ToUpperInvariant();
    }

    /// <summary>
    /// What a send answers: each message's members and whether the data carries the currency and the blocked count,
    /// member for member as ClickSend's documented example of that send (clicksend-v3-openapi-subset.json), which
    /// ProviderExamplesTests holds the sandbox to. Fax has no documented example: it answers as an SMS send does.
    /// </summary>
    /// <summary>The sender a message without its own <c>from</c> goes from.</summary>
    private const string SandboxSender = "+61411111112";

    private sealed record SendShape(Func<JsonObject, SentMessage, JsonObject> Message, bool Currency, bool BlockedCount);

    private static readonly SendShape SmsShape = new((message, sent) => new JsonObject
    {
        ["direction"] = "out",
        ["date"] = sent.Now,
        ["to"] = sent.To,
        ["body"] = sent.Body,
        ["from"] = message["from"]?.DeepClone() ?? SandboxSender,
        ["schedule"] = message["schedule"]?.DeepClone() ?? sent.Now,
        ["message_id"] = sent.MessageId,
        ["message_parts"] = sent.Parts,
        ["message_price"] = sent.Price,
        ["from_email"] = null,
        ["list_id"] = message["list_id"]?.DeepClone(),
        ["custom_string"] = message["custom_string"]?.GetValue<string>() ?? "",
        ["contact_id"] = null,
        ["user_id"] = 123456,
        ["subaccount_id"] = 123456,
        ["is_shared_system_number"] = false,
        ["country"] = message["country"]?.DeepClone() ?? "AU",
        ["carrier"] = "Sandbox",
        ["status"] = sent.Status,
    }, Currency: true, BlockedCount: true);

    private static readonly SendShape MmsShape = new((message, sent) => new JsonObject
    {
        ["list_id"] = message["list_id"]?.DeepClone(),
        ["contact_id"] = null,
        ["message_id"] = sent.MessageId,
        ["to"] = sent.To,
        ["subject"] = message["subject"]?.DeepClone(),
        ["from"] = message["from"]?.DeepClone() ?? SandboxSender,
        ["body"] = sent.Body,
        ["country"] = message["country"]?.DeepClone() ?? "AU",
        ["custom_string"] = message["custom_string"]?.GetValue<string>() ?? "",
        ["schedule"] = message["schedule"]?.DeepClone() ?? "",
        ["message_parts"] = 1,
        ["message_price"] = sent.Status == "SUCCESS" ? "2.4200" : "0.0000",
        ["_media_file_url"] = sent.Send["media_file"]?.DeepClone(),
        ["status"] = sent.Status,
    }, Currency: false, BlockedCount: false);

    private static readonly SendShape VoiceShape = new((message, sent) => new JsonObject
    {
        ["date"] = sent.Now.ToString(CultureInfo.InvariantCulture),
        ["date_added"] = sent.Now,
        ["list_id"] = message["list_id"]?.DeepClone(),
        ["to"] = sent.To,
        ["to_type"] = "mobile",
        ["body"] = sent.Body,
        ["from"] = message["from"]?.DeepClone() ?? SandboxSender,
        ["lang"] = message["lang"]?.DeepClone(),
        ["voice"] = message["voice"]?.DeepClone(),
        ["schedule"] = message["schedule"]?.DeepClone() ?? sent.Now,
        ["message_id"] = sent.MessageId,
        ["message_parts"] = sent.Parts,
        ["message_price"] = sent.Price,
        ["custom_string"] = message["custom_string"]?.GetValue<string>() ?? "",
        ["user_id"] = 123456,
        ["subaccount_id"] = 123456,
        ["country"] = message["country"]?.DeepClone() ?? "AU",
        ["require_input"] = message["require_input"]?.DeepClone() ?? 0,
        ["machine_detection"] = message["machine_detection"]?.DeepClone() ?? 0,
        ["machine_detected"] = 0,
        ["digits"] = null,
        ["carrier"] = "Sandbox",
        ["status_code"] = null,
        ["status_text"] = null,
        ["status"] = sent.Status,
        ["_api_username"] = "sandbox",
    }, Currency: true, BlockedCount: false);

    /// <summary>False emulates an account that ClickSend no longer sells post to.</summary>
    public bool PostAvailable { get; set; } = true;

    private async Task SendPost(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        if (!PostAvailable)
        {
            await Envelope(context, 403, "FORBIDDEN", "Post is not available for your account.", null);
            return;
        }

        var root = await ReadBody(context) as JsonObject;
        if (root?["recipients"] is not JsonArray { Count: > 0 } recipients || (root["file_url"] is null && root["file_urls"] is null))
        {
            await Envelope(context, 400, "BAD_REQUEST", "file_url and recipients are required.", null);
            return;
        }

        var results = new JsonArray();
        var queued = 0;
        foreach (var recipient in recipients.OfType<JsonObject>())
        {
            var status = recipient["return_address_id"]?.GetValue<long>() == 4 ? "SUCCESS" : "INVALID_RETURN_ADDRESS";
            queued += status == "SUCCESS" ? 1 : 0;
            var result = (JsonObject)recipient.DeepClone();
            result["message_id"] = Guid.NewGuid().ToString().ToUpperInvariant();
            result["post_price"] = status == "SUCCESS" ? "1.9000" : "0.0000";
            result["status"] = status;
            results.Add(result);
        }

        await Envelope(context, 200, "SUCCESS", "Post queued for delivery.", new JsonObject
        {
            ["total_price"] = Math.Round(queued * 1.9, 4),
            ["total_count"] = results.Count,
            ["queued_count"] = queued,
            ["recipients"] = results,
            ["_currency"] = Currency(),
        });
    }

    private async Task SendCampaign(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        var root = await ReadBody(context) as JsonObject;
        var listId = root?["list_id"]?.GetValue<long>() ?? 0;
        int? count;
        string? listName;
        lock (_lock)
        {
            (count, listName) = _lists.TryGetValue(listId, out var list) ? (list.Contacts.Count, list.Name) : ((int?)null, (string?)null);
        }

        if (count is null)
        {
            await Envelope(context, 404, "NOT_FOUND", "Your list is not found.", null);
            return;
        }

        await Envelope(context, 200, "SUCCESS", "Your campaign has been queued.", new JsonObject
        {
            ["sms_campaign_id"] = ++_nextId,
            ["name"] = root!["name"]?.DeepClone(),
            ["user_id"] = 123456,
            ["subaccount_id"] = 123456,
            ["list_id"] = listId,
            ["from"] = root["from"]?.DeepClone(),
            ["body"] = root["body"]?.DeepClone(),
            ["schedule"] = root["schedule"]?.DeepClone() ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["status"] = "Queued",
            ["date_added"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["custom_string"] = root["custom_string"]?.DeepClone(),
            ["url_to_shorten"] = root["url_to_shorten"]?.DeepClone(),
            ["unsubscribe_link"] = 0,
            ["source"] = root["source"]?.DeepClone(),
            ["senders"] = root["senders"]?.DeepClone() ?? new JsonArray(new JsonObject
            {
                ["recipient_country_code"] = null, ["sender_id"] = root["from"]?.DeepClone(), ["sender_type"] = null, ["sender_country_code"] = null,
            }),
            ["_total_count"] = count,
            ["_list_name"] = listName,
        });
    }

    private async Task Upload(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Unauthorized(context);
            return;
        }

        var convert = context.Request.Query["convert"].ToString();
        var content = (await ReadBody(context))?["content"]?.GetValue<string>();
        if (convert is not ("fax" or "mms" or "csv" or "post" or "postcard") || string.IsNullOrEmpty(content))
        {
            await Envelope(context, 400, "BAD_REQUEST", "convert and content are required.", null);
            return;
        }

        var id = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Envelope(context, 200, "SUCCESS", "Your file has been converted.", new JsonObject
        {
            ["upload_id"] = id,
            ["file_name"] = id + (convert == "mms" ? ".jpg" : ".pdf"),
            ["date_added"] = now,
            ["date_delete"] = now + 600,
            ["user_id"] = 123456,
            ["_url"] = $"{context.Request.Scheme}://{context.Request.Host}{Prefix}/files/{id}",
        });
    }

    private static JsonObject Currency() => new()
    {
        ["currency_name_short"] = "AUD",
        ["currency_prefix_d"] = "$",
        ["currency_prefix_c"] = "c",
        ["currency_name_long"] = "Australian Dollars",
        ["min_recharge_amount"] = "20.00",
        ["max_recharge_amount"] = "10000.00",
    };

    private bool Authorized(HttpContext context)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)) == $"{Username}:{ApiKey}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task<JsonNode?> ReadBody(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What ClickSend documents as a delete's data: <c>[]</c>, PHP's empty object. Its documents are silent on an error's
    /// data, so errors here send null.
    /// </summary>
    private static JsonArray NoData() => [];

    private static Task Envelope(HttpContext context, int status, string code, string message, JsonNode? data)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var envelope = new JsonObject
        {
            ["http_code"] = status,
            ["response_code"] = code,
            ["response_msg"] = message,
            ["data"] = data,
        };
        return context.Response.WriteAsync(envelope.ToJsonString(), context.RequestAborted);
    }

}
