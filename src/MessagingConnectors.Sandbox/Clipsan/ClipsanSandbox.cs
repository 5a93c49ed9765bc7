using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace MessagingConnectors.Sandbox.Clipsan;

/// <summary>
/// The Clipsan lead API as seen from outside: <c>GET /api/lead/{action}/?key=...</c>, answers
/// <c>{"result":"ok",...}</c> or <c>{"result":"error","error":"..."}</c> (HTTP 200 unless
/// <see cref="ErrorStatus"/> says otherwise), with leads, lists and tags kept in memory.
/// Known lists: <see cref="Lists"/>; known users: <see cref="Users"/>; a search needs 2 characters.
/// Change notifications: <see cref="NotificationUrl"/> (the account detail) and <see cref="NotifyAsync(long, string?, CancellationToken)"/>.
/// </summary>
public sealed class ClipsanSandbox : IProviderSandbox
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Lead> _leads = [];
    private long _nextId = 1002;

    public ClipsanSandbox()
    {
        _leads[455554] = new Lead(455554, 1417432404) { Email = "radekxxx@gmail.com", Firstname = "Radek", Surname = "Unic", Lists = { "news123" }, Tags = { "clipsan" } };
        _leads[105019] = new Lead(105019, 1417430340)
        {
            Pin = "521223115", Firstname = "Petra", Surname = "Krásná", Gender = "female", Lifecycle = "customer",
            Lists = { "vip456" }, Data = { ["data_city"] = "Brno" },
        };
    }

    public string Name => "Clipsan";

    public string Prefix => "/clipsan/api";

    public string Key { get; set; } = "sandbox-clipsan-key";

    /// <summary>List hashes the account has.</summary>
    public HashSet<string> Lists { get; } = ["news123", "vip456", "shop789"];

    /// <summary>User IDs of the account.</summary>
    public HashSet<string> Users { get; } = ["1", "2"];

    /// <summary>HTTP status of Clipsan's error answers (whether it sends 200 is undocumented).</summary>
    public int ErrorStatus { get; set; } = 200;

    public void Map(IEndpointRouteBuilder routes)
    {
        var lead = routes.MapGroup(Prefix + "/lead");
        lead.MapGet("/{action}", Handle);

        // Control: register the account's notification URL, and make a "user" change a lead so Clipsan calls it.
        routes.MapPut("/_sandbox/clipsan/notification-url", async (HttpContext c) =>
        {
            var body = await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted) as JsonObject;
            NotificationUrl = body?["url"]?.GetValue<string>();
            return Results.Json(new { url = NotificationUrl });
        });
        routes.MapPost("/_sandbox/clipsan/notify", async (HttpContext c) =>
        {
            var body = await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted) as JsonObject ?? [];
            var id = body["id"]?.GetValue<long>() ?? 455554;
            var email = body["email"]?.GetValue<string>();
            var status = email is null ? await NotifyAsync(id, cancellationToken: c.RequestAborted) : (await ChangeEmailAsync(id, email, c.RequestAborted))[^1];
            return Results.Json(new { status = (int)status });
        });
    }

    private static readonly HttpClient Notifications = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// The notification address in the account details, with Clipsan's placeholders {id}, {email},
    /// {pin} and {time}; null when none is registered.
    /// </summary>
    public string? NotificationUrl { get; set; }

    /// <summary>Calls the notification URL for a lead as it is now, as Clipsan does within a minute of a user's change.</summary>
    public Task<HttpStatusCode> NotifyAsync(long leadId, string? time = null, CancellationToken cancellationToken = default)
    {
        string? email, pin;
        lock (_lock)
        {
            var lead = _leads.GetValueOrDefault(leadId) ?? throw new InvalidOperationException($"The sandbox has no lead {leadId}.");
            (email, pin) = (lead.Email, lead.Pin);
        }

        return NotifyAsync(leadId.ToString(CultureInfo.InvariantCulture), email, pin, time, cancellationToken);
    }

    /// <summary>Calls the notification URL with these values (URL-encoded) in place of the placeholders.</summary>
    public async Task<HttpStatusCode> NotifyAsync(string? id, string? email, string? pin, string? time = null, CancellationToken cancellationToken = default)
    {
        var url = NotificationUrl ?? throw new InvalidOperationException("No notification URL is registered in the sandbox's Clipsan account.");
        time ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var response = await Notifications.GetAsync(FillPlaceholders(url, id, email, pin, time), cancellationToken);
        return response.StatusCode;
    }

    /// <summary>A user changes a lead's email: Clipsan calls twice, with the old and with the new address.</summary>
    public async Task<IReadOnlyList<HttpStatusCode>> ChangeEmailAsync(long leadId, string email, CancellationToken cancellationToken = default)
    {
        string? old, pin;
        lock (_lock)
        {
            var lead = _leads.GetValueOrDefault(leadId) ?? throw new InvalidOperationException($"The sandbox has no lead {leadId}.");
            (old, pin) = (lead.Email, lead.Pin);
            lead.Email = email;
        }

        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var id = leadId.ToString(CultureInfo.InvariantCulture);
        return [await NotifyAsync(id, old, pin, time, cancellationToken), await NotifyAsync(id, email, pin, time, cancellationToken)];
    }

    public static string FillPlaceholders(string url, string? id, string? email, string? pin, string? time) => url
        .Replace("{id}", Uri.EscapeDataString(id ?? ""), StringComparison.Ordinal)
        .Replace("{email}", Uri.EscapeDataString(email ?? ""), StringComparison.Ordinal)
        .Replace("{pin}", Uri.EscapeDataString(pin ?? ""), StringComparison.Ordinal)
        .Replace("{time}", Uri.EscapeDataString(time ?? ""), StringComparison.Ordinal);

    public Task WriteFaultAsync(HttpContext context, int status) =>
        Write(context, status, Error(status switch
        {
            401 => "invalid key",
            404 => "lead not found",
            429 => "too many requests",
            _ => "internal error",
        }));

    /// <summary>A copy of the stored lead with this email, for assertions.</summary>
    public JsonObject? Find(string email)
    {
        lock (_lock)
        {
            return _leads.Values.FirstOrDefault(l => string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase))?.ToJson(details: true);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _leads.Count;
            }
        }
    }

    private Task Handle(string action, HttpContext context)
    {
        var query = context.Request.Query;
        if (query["key"].ToString() != Key)
        {
            return Write(context, ErrorStatus, Error("invalid key"));
        }

        JsonObject answer;
        lock (_lock)
        {
            answer = action switch
            {
                "list" => List(query),
                "search" => Search(query),
                "add" => Add(query),
                "view" => View(query),
                "modify" => Modify(query),
                "delete" => Delete(query),
                _ => Error("invalid action"),
            };
        }

        return Write(context, (string?)answer["result"] == "ok" ? 200 : ErrorStatus, answer);
    }

    private JsonObject List(IQueryCollection query)
    {
        var list = Value(query, "list");
        var tag = Value(query, "tag");
        var user = Value(query, "user");
        if (list is not null && !Lists.Contains(list))
        {
            return Error("invalid list");
        }

        if (user is not null && !Users.Contains(user))
        {
            return Error("user not found");
        }

        return Leads(_leads.Values.Where(l => (list is null || l.Lists.Contains(list)) && (tag is null || l.Tags.Contains(tag))
                                               && (user is null || l.Users.Contains(user))));
    }

    private JsonObject Search(IQueryCollection query)
    {
        var text = Value(query, "query")?.Trim();
        if (text is null || text.Length < 2)
        {
            return Error("invalid query");
        }

        return Leads(_leads.Values.Where(l => Contains(l.Firstname, text) || Contains(l.Surname, text)));
    }

    private JsonObject Add(IQueryCollection query)
    {
        var email = Value(query, "email");
        var pin = Value(query, "pin");
        if (email is null && pin is null)
        {
            return Error("missing email or pin");
        }

        var user = Value(query, "user");
        if (user is not null && !Users.Contains(user))
        {
            return Error("user not found");
        }

        var lists = Values(query, "list").Concat(Values(query, "list[]")).ToList();
        if (lists.FirstOrDefault(l => !Lists.Contains(l)) is not null)
        {
            return Error("list not found");
        }

        var lead = _leads.Values.FirstOrDefault(l => (email is not null && string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase))
                                                     || (pin is not null && l.Pin == pin));
        var action = "update";
        if (lead is null)
        {
            action = "add";
            lead = new Lead(_nextId++, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            _leads[lead.Id] = lead;
        }

        lead.Email = email ?? lead.Email;
        lead.Pin = pin ?? lead.Pin;
        lead.Firstname = Value(query, "firstname") ?? lead.Firstname;
        lead.Surname = Value(query, "surname") ?? lead.Surname;
        lead.Gender = Value(query, "gender") switch { "m" => "male", "f" => "female", _ => lead.Gender };
        lead.State = Value(query, "state") ?? lead.State;
        lead.Lifecycle = Value(query, "lifecycle") ?? lead.Lifecycle;
        lead.Lists.UnionWith(lists);
        if (Value(query, "tag") is { } tag)
        {
            lead.Tags.Add(tag);
        }

        if (user is not null)
        {
            lead.Users.Add(user);
        }

        foreach (var name in new[] { "phone", "ip", "notformal", "referer" })
        {
            if (Value(query, name) is { } value)
            {
                lead.Data["data_" + name] = value;
            }
        }

        foreach (var (name, value) in query.Where(q => q.Key.StartsWith("data_", StringComparison.Ordinal)))
        {
            lead.Data[name] = value.ToString();
        }

        return new JsonObject { ["result"] = "ok", ["action"] = action, ["id"] = lead.Id.ToString(CultureInfo.InvariantCulture) };
    }

    private JsonObject View(IQueryCollection query) =>
        FindLead(query) is { } lead ? new JsonObject { ["result"] = "ok", ["lead"] = lead.ToJson(details: true) } : Error("lead not found");

    private JsonObject Modify(IQueryCollection query)
    {
        if (FindLead(query) is not { } lead)
        {
            return Error("lead not found");
        }

        var list = Value(query, "list");
        if (list is not null && !Lists.Contains(list))
        {
            return Error("list not found");
        }

        if (list is not null)
        {
            lead.Lists.Remove(list);
        }

        if (Value(query, "tag") is { } tag)
        {
            lead.Tags.Remove(tag);
        }

        return new JsonObject { ["result"] = "ok", ["lead"] = lead.ToJson(details: true) };
    }

    private JsonObject Delete(IQueryCollection query)
    {
        if (FindLead(query) is not { } lead)
        {
            return Error("lead not found");
        }

        _leads.Remove(lead.Id);
        return new JsonObject { ["result"] = "ok" };
    }

    private Lead? FindLead(IQueryCollection query)
    {
        if (Value(query, "id") is { } id)
        {
            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? _leads.GetValueOrDefault(number) : null;
        }

        if (Value(query, "email") is { } email)
        {
            return _leads.Values.FirstOrDefault(l => string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase));
        }

        return Value(query, "pin") is { } pin ? _leads.Values.FirstOrDefault(l => l.Pin == pin) : null;
    }

    private static JsonObject Leads(IEnumerable<Lead> leads)
    {
        var data = new JsonObject();
        foreach (var lead in leads)
        {
            data[lead.Id.ToString(CultureInfo.InvariantCulture)] = lead.ToJson(details: false);
        }

        // Clipsan is PHP: an empty map comes out as [].
        return new JsonObject { ["result"] = "ok", ["data"] = data.Count == 0 ? new JsonArray() : data };
    }

    private static bool Contains(string? value, string text) =>
        value is not null && value.Contains(text, StringComparison.OrdinalIgnoreCase);

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    private static IEnumerable<string> Values(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!) : [];

    private static JsonObject Error(string error) => new() { ["result"] = "error", ["error"] = error };

    private static Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed class Lead(long id, long added)
    {
        public long Id { get; } = id;
        public long Added { get; } = added;
        public string? Pin { get; set; }
        public string? Email { get; set; }
        public string? Firstname { get; set; }
        public string? Surname { get; set; }
        public string Gender { get; set; } = "unknown";
        public string State { get; set; } = "active";
        public string Lifecycle { get; set; } = "subscriber";
        public SortedSet<string> Lists { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Tags { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Users { get; } = [];
        public SortedDictionary<string, string> Data { get; } = new(StringComparer.Ordinal);

        public JsonObject ToJson(bool details)
        {
            var json = new JsonObject
            {
                ["id"] = Id,
                ["pin"] = Pin,
                ["email"] = Email,
                ["firstname"] = Firstname,
                ["surname"] = Surname,
                ["gender"] = Gender,
                ["state"] = State,
                ["lifecycle"] = Lifecycle,
                ["added"] = Added,
            };
            if (details)
            {
                foreach (var (name, value) in Data)
                {
                    json[name] = value;
                }

                json["lists"] = new JsonArray(Lists.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
                json["tags"] = new JsonArray(Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            }

            return json;
        }
    }
}
