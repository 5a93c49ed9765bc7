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
public sealed class ClickSendSandbox : IProviderSandbox
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
    }

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

    private async Task SendSms(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Envelope(context, 401, "UNAUTHORIZED", "Invalid credentials.", null);
            return;
        }

        var messages = (await ReadBody(context))?["messages"] as JsonArray;
        if (messages is null || messages.Count == 0)
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
            var status = body.Length == 0 ? "EMPTY_MESSAGE"
                : to is null && message["list_id"] is null ? "MISSING_REQUIRED_FIELDS"
                : to is not null && to.EndsWith(RejectedSuffix, StringComparison.Ordinal) ? "INVALID_RECIPIENT"
                : "SUCCESS";
            if (status == "SUCCESS")
            {
                queued++;
            }

            results.Add(new JsonObject
            {
                ["direction"] = "out",
                ["date"] = now,
                ["to"] = to,
                ["body"] = body,
                ["from"] = message["from"]?.GetValue<string>() ?? "+61411111112",
                ["schedule"] = message["schedule"]?.DeepClone() ?? now,
                ["message_id"] = Guid.NewGuid().ToString().ToUpperInvariant(),
                ["message_parts"] = Math.Max(1, (body.Length + 152) / 153),
                ["message_price"] = status == "SUCCESS" ? "0.0792" : "0.0000",
                ["from_email"] = null,
                ["list_id"] = message["list_id"]?.DeepClone(),
                ["custom_string"] = message["custom_string"]?.GetValue<string>() ?? "",
                ["contact_id"] = null,
                ["user_id"] = 123456,
                ["subaccount_id"] = 123456,
                ["country"] = message["country"]?.GetValue<string>() ?? "AU",
                ["carrier"] = "Sandbox",
                ["status"] = status,
            });
        }

        await Envelope(context, 200, "SUCCESS", "Messages queued for delivery.", new JsonObject
        {
            ["total_price"] = Math.Round(queued * 0.0792, 4),
            ["total_count"] = results.Count,
            ["queued_count"] = queued,
            ["messages"] = results,
            ["_currency"] = new JsonObject
            {
                ["currency_name_short"] = "AUD",
                ["currency_prefix_d"] = "$",
                ["currency_prefix_c"] = "c",
                ["currency_name_long"] = "Australian Dollars",
            },
            ["blocked_count"] = 0,
        });
    }

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
