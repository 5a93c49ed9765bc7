using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MessagingConnectors.Hosting;
using MessagingConnectors.Providers;

namespace MessagingConnectors.Clipsan;

/// <summary>
/// Typed client for the Clipsan lead API: every call is <c>GET lead/{action}/?key=...</c>, and
/// success or failure is read from <c>result</c>, whatever the HTTP status. Only the action name
/// is logged: the key and the lead's birth number travel in the query string.
/// </summary>
public sealed partial class ClipsanClient(HttpClient http, ILogger<ClipsanClient> logger)
{
    public const string Provider = "Clipsan";

    /// <summary>The errors Clipsan documents; only these are logged verbatim, as another text could repeat a caller's value.</summary>
    private static readonly HashSet<string> KnownErrors = new(["lead not found", "list not found", "user not found", "invalid list", "invalid query"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Leads of a list, a tag or a user (any of them, or all leads).</summary>
    public async Task<ClipsanLeadsResponse> ListLeadsAsync(ClipsanAccount account, string? list, string? tag, string? user,
        CancellationToken cancellationToken) =>
        ToLeads(await CallAsync("list", account, new ClipsanQuery().Add("list", list).Add("tag", tag).Add("user", user),
            ClipsanJsonContext.Default.ClipsanLeadsAnswer, retrySafe: true, cancellationToken));

    /// <summary>Leads whose first name or surname holds <paramref name="query"/>.</summary>
    public async Task<ClipsanLeadsResponse> SearchLeadsAsync(ClipsanAccount account, string query, CancellationToken cancellationToken) =>
        ToLeads(await CallAsync("search", account, new ClipsanQuery().Add("query", query), ClipsanJsonContext.Default.ClipsanLeadsAnswer,
            retrySafe: true, cancellationToken));

    /// <summary>Adds the lead, or updates the one with its email or pin. Not retried blindly: an add may start an automation or send a notice email.</summary>
    public Task<ClipsanAddLeadResponse> AddLeadAsync(ClipsanAccount account, ClipsanAddLeadRequest lead, CancellationToken cancellationToken) =>
        CallAsync("add", account, AddLeadQuery(lead), ClipsanJsonContext.Default.ClipsanAddLeadResponse, retrySafe: false, cancellationToken);

    public Task<ClipsanLeadResponse> ViewLeadAsync(ClipsanAccount account, ClipsanLeadIdentifier lead, CancellationToken cancellationToken) =>
        CallAsync("view", account, new ClipsanQuery().Add(lead), ClipsanJsonContext.Default.ClipsanLeadResponse, retrySafe: true, cancellationToken);

    /// <summary>Takes the lead out of <paramref name="list"/> and/or <paramref name="tag"/>.</summary>
    public Task<ClipsanLeadResponse> ModifyLeadAsync(ClipsanAccount account, ClipsanLeadIdentifier lead, string? list, string? tag,
        CancellationToken cancellationToken) =>
        CallAsync("modify", account, new ClipsanQuery().Add(lead).Add("list", list).Add("tag", tag), ClipsanJsonContext.Default.ClipsanLeadResponse,
            retrySafe: true, cancellationToken);

    public Task<ClipsanResultResponse> DeleteLeadAsync(ClipsanAccount account, ClipsanLeadIdentifier lead, CancellationToken cancellationToken) =>
        CallAsync("delete", account, new ClipsanQuery().Add(lead), ClipsanJsonContext.Default.ClipsanResultResponse, retrySafe: true, cancellationToken);

    /// <summary>The fields of <c>lead/add</c>, without the key: custom fields as <c>data_{code}</c>, flags as 0 or 1.</summary>
    internal static ClipsanQuery AddLeadQuery(ClipsanAddLeadRequest lead)
    {
        var query = new ClipsanQuery()
            .Add("email", lead.Email?.Trim() is { Length: > 0 } email ? email : null)
            .Add(ClipsanLeadIdentifier.Pin, lead.NormalizedPin, secret: true)
            .Add("user", lead.User)
            .AddLists(lead.List)
            .Add("tag", lead.Tag)
            .Add("firstname", lead.Firstname)
            .Add("surname", lead.Surname)
            .Add("phone", lead.Phone)
            .Add("ip", lead.Ip)
            .Add("gender", lead.Gender)
            .Add("notformal", Flag(lead.Notformal))
            .Add("referer", lead.Referer)
            .Add("state", lead.State)
            .Add("lifecycle", lead.Lifecycle)
            .Add("funnel", lead.Funnel)
            .Add("unique", Flag(lead.Unique))
            .Add("mute", Flag(lead.Mute));
        foreach (var (code, value) in lead.CustomFields)
        {
            query.Add("data_" + code, value);
        }

        return query;
    }

    private static string? Flag(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The relative upstream URL of an action: <c>lead/{action}/?{query}</c>.</summary>
    internal static string PathAndQuery(string action, ClipsanQuery query) => $"lead/{action}/?{query.Encode()}";

    private async Task<T> CallAsync<T>(string action, ClipsanAccount account, ClipsanQuery query, JsonTypeInfo<T> resultType, bool retrySafe,
        CancellationToken cancellationToken)
    {
        query.WithKey(account);
        using var request = new HttpRequestMessage(HttpMethod.Get, PathAndQuery(action, query));
        if (!retrySafe)
        {
            request.Options.Set(ProviderHttpClients.NoBlindRetry, true);
        }

        var answer = await ProviderExchange.SendAsync(http, request, Provider, "lead/" + action, logger, cancellationToken);

        var outcome = ReadOutcome(answer.Payload);
        if (string.Equals(outcome?.Result, "error", StringComparison.OrdinalIgnoreCase))
        {
            var failure = FromError(outcome!.Error, answer.Status, answer.Headers, query);
            LogProviderError(logger, action, failure.Status, KnownErrors.Contains(failure.ProviderCode ?? "") ? failure.ProviderCode! : "unrecognised error");
            throw failure;
        }

        if (!string.Equals(outcome?.Result, "ok", StringComparison.OrdinalIgnoreCase))
        {
            throw answer.IsSuccess
                ? UpstreamFailures.InvalidResponse(Provider, answer.Status)
                : UpstreamFailures.FromStatus(Provider, answer.Status, null, null, answer.Headers);
        }

        return ProviderExchange.Read(answer, resultType, Provider);
    }

    private static ClipsanOutcome? ReadOutcome(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ClipsanJsonContext.Default.ClipsanOutcome);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Clipsan's <c>{"result":"error","error":"..."}</c> as a problem: what is missing is a 404, a bad
    /// parameter a 400, a bad key a 401. An error it does not name keeps the HTTP status's meaning
    /// (429, 5xx), or is a 400 when it came with a 200.
    /// </summary>
    internal static ProviderException FromError(string? error, int httpStatus, HttpResponseHeaders? headers, ClipsanQuery query)
    {
        var text = query.Scrub((error ?? "").Trim());
        var normalized = text.ToLowerInvariant();
        var code = text.Length > 0 ? text : "unknown error";
        var (status, title) = normalized switch
        {
            _ when normalized.Contains("key", StringComparison.Ordinal) => (401, "Clipsan rejected the secure key"),
            "lead not found" => (404, "Clipsan did not find the lead"),
            "list not found" => (404, "Clipsan did not find the list"),
            "user not found" => (404, "Clipsan did not find the user"),
            _ when normalized.EndsWith("not found", StringComparison.Ordinal) => (404, "Clipsan did not find the resource"),
            _ when normalized.StartsWith("invalid", StringComparison.Ordinal) || normalized.StartsWith("missing", StringComparison.Ordinal)
                => (400, "Clipsan rejected the request"),
            _ => (0, ""),
        };

        if (status == 0)
        {
            if (httpStatus is < 200 or > 299)
            {
                return UpstreamFailures.FromStatus(Provider, httpStatus, code, text, headers);
            }

            (status, title) = (400, "Clipsan rejected the request");
        }

        return new ProviderException(Provider, status, title,
            string.Create(CultureInfo.InvariantCulture, $"Clipsan answered: {code}."),
            code, UpstreamEffect.None, extensions: new Dictionary<string, object?> { [Problems.Members.ProviderStatus] = httpStatus, [Problems.Members.ProviderMessage] = text });
    }

    private static ClipsanLeadsResponse ToLeads(ClipsanLeadsAnswer answer)
    {
        try
        {
            return ReadLeads(answer);
        }
        catch (JsonException e)
        {
            throw UpstreamFailures.InvalidResponse(Provider, StatusCodes.Status200OK, e);
        }
    }

    private static ClipsanLeadsResponse ReadLeads(ClipsanLeadsAnswer answer)
    {
        var leads = new List<ClipsanLead>();
        switch (answer.Data.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in answer.Data.EnumerateObject())
                {
                    if (property.Value.Deserialize(ClipsanJsonContext.Default.ClipsanLead) is { } lead)
                    {
                        lead.Id ??= property.Name;
                        leads.Add(lead);
                    }
                }

                break;
            case JsonValueKind.Array:
                // PHP writes an empty map as [].
                foreach (var item in answer.Data.EnumerateArray())
                {
                    if (item.Deserialize(ClipsanJsonContext.Default.ClipsanLead) is { } lead)
                    {
                        leads.Add(lead);
                    }
                }

                break;
        }

        return new ClipsanLeadsResponse { Result = answer.Result, Count = leads.Count, Data = leads };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Clipsan lead/{Action} reported an error, answered as {Status} ({ProviderCode})")]
    private static partial void LogProviderError(ILogger logger, string action, int status, string providerCode);
}
