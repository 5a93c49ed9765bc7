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
        || action.EndsWith("/delete", StringComparison.Ordinal);

    /// <summary>Calls <paramref name="action"/> (e.g. <c>groups/index</c>); null body values are left out.</summary>
    public async Task<TResult> CallAsync<TResult>(string action, SerwerSmsAccount account, JsonObject body,
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
        var extensions = new Dictionary<string, object?> { ["providerStatus"] = upstreamStatus };
        if (type is not null)
        {
            extensions["providerType"] = type;
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            extensions["providerMessage"] = message;
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
