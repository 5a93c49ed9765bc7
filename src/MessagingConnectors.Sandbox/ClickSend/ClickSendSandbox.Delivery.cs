using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MessagingConnectors.Sandbox.ClickSend;

/// <summary>
/// Delivery of what the sandbox sent: each accepted SMS is in the history at once and gets its receipt after
/// <see cref="ReceiptDelay"/>, which is kept for <c>GET /sms/receipts/{id}</c> and pushed to every URL receipt rule.
/// A number ending in 0001 fails (301), 0002 stays pending (no receipt), 0003 gets a temporary failure (300) first and
/// then delivered; a message scheduled for later waits in the history for its cancel.
/// ClickSend documents neither the pushed body nor its content type: pushes are JSON unless <see cref="ReceiptFormat"/>
/// (or the inject command) asks for form fields, with the <c>sms_receipt</c> field names.
/// </summary>
public sealed partial class ClickSendSandbox
{
    public const string FailingSuffix = "0001";
    public const string PendingSuffix = "0002";
    public const string TemporaryFailureSuffix = "0003";

    /// <summary>How long after a send its receipt comes.</summary>
    public TimeSpan ReceiptDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>"json" (the default) or "form": the body of a pushed receipt.</summary>
    public string ReceiptFormat { get; set; } = "json";

    /// <summary>
    /// The most messages whose history and receipt are kept: a load test sends millions, and keeping every one grew the
    /// sandbox's heap to 5 GB, whose collections then stood in every path's tail latency. The oldest go first.
    /// </summary>
    public const int MaxKeptMessages = 20_000;

    private readonly Dictionary<string, JsonObject> _history = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonObject> _receipts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _keptInOrder = new();
    private readonly SortedDictionary<long, JsonObject> _receiptRules = [];

    /// <summary>The receipt rules the sandbox holds now.</summary>
    public IReadOnlyList<JsonObject> ReceiptRules
    {
        get
        {
            lock (_lock)
            {
                return _receiptRules.Values.Select(r => (JsonObject)r.DeepClone()).ToList();
            }
        }
    }

    private void MapDelivery(RouteGroupBuilder v3, IEndpointRouteBuilder routes)
    {
        // ClickSend does not document the answer before a receipt exists: the sandbox says 404, the app also reads empty data.
        v3.MapGet("/sms/receipts/{messageId}", (HttpContext c, string messageId) =>
            Authorized(c, () => One(c, _receipts, messageId, "Your receipt.", "Receipt not found.")));
        v3.MapGet("/sms/history", (HttpContext c) => Authorized(c, () =>
        {
            var q = c.Request.Query["q"].ToString();
            var wanted = q.StartsWith("message_id:", StringComparison.Ordinal) ? q["message_id:".Length..] : null;
            List<JsonNode> items;
            lock (_lock)
            {
                items = _history.Values.Where(h => wanted is null || string.Equals((string?)h["message_id"], wanted, StringComparison.OrdinalIgnoreCase))
                    .Select(h => h.DeepClone()).ToList();
            }

            return Envelope(c, 200, "SUCCESS", "Here are your history.", Page(c, items));
        }));
        v3.MapPut("/sms/{messageId}/cancel", (HttpContext c, string messageId) => Authorized(c, () =>
        {
            string? status;
            lock (_lock)
            {
                status = _history.TryGetValue(messageId, out var item) ? (string?)item["status"] : null;
                if (status == "Scheduled")
                {
                    Cancel(item!);
                }
            }

            return status switch
            {
                null => Envelope(c, 404, "NOT_FOUND", "Message not found.", null),
                "Scheduled" => Envelope(c, 200, "SUCCESS", "Scheduled sms message has been cancelled.", null),
                _ => Envelope(c, 400, "BAD_REQUEST", "Only a scheduled message can be cancelled.", null),
            };
        }));
        v3.MapPut("/sms/cancel-all", async (HttpContext c) =>
        {
            if (!Authorized(c))
            {
                await Unauthorized(c);
                return;
            }

            var customString = (await ReadBody(c))?["custom_string"]?.GetValue<string>();
            int count;
            lock (_lock)
            {
                var scheduled = _history.Values.Where(h => (string?)h["status"] == "Scheduled"
                                                           && (customString is null || (string?)h["custom_string"] == customString)).ToList();
                scheduled.ForEach(Cancel);
                count = scheduled.Count;
            }

            await Envelope(c, 200, "SUCCESS", $"{count} sms messages have been cancelled.", new JsonObject { ["count"] = count });
        });
        v3.MapPost("/automations/sms/receipts", async (HttpContext c) =>
        {
            if (!Authorized(c))
            {
                await Unauthorized(c);
                return;
            }

            if (await ReadBody(c) is not JsonObject rule || rule["action"] is null || rule["action_address"] is null || rule["rule_name"] is null)
            {
                await Envelope(c, 400, "BAD_REQUEST", "rule_name, action and action_address are required.", null);
                return;
            }

            JsonObject created;
            lock (_lock)
            {
                var id = ++_nextId;
                created = new JsonObject { ["receipt_rule_id"] = id };
                foreach (var (name, value) in rule)
                {
                    created[name] = value?.DeepClone();
                }

                _receiptRules[id] = created;
                created = (JsonObject)created.DeepClone();
            }

            await Envelope(c, 200, "SUCCESS", "Your new SMS receipt has been added.", created);
        });
        MapRuleReads(v3, "/automations/sms/receipts", _receiptRules, "Your list of rule incoming sms receipt.",
            "Your rule incoming sms receipt has been deleted.", "Your rule is not found.");
        v3.MapGet("/automations/sms/receipts/{ruleId}", (HttpContext c, long ruleId) =>
            Authorized(c, () => One(c, _receiptRules, ruleId, "Your rule incoming sms receipt.", "Your rule is not found.")));
        routes.MapPost("/_sandbox/clicksend/receipts", async (HttpContext c) =>
        {
            var body = await ReadBody(c) as JsonObject ?? [];
            var format = body["format"]?.GetValue<string>() ?? ReceiptFormat;
            body.Remove("format");
            var receipt = new JsonObject
            {
                ["timestamp_send"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["message_id"] = Guid.NewGuid().ToString().ToUpperInvariant(),
                ["status_code"] = "201",
                ["status_text"] = "Success: Message received on handset.",
                ["error_code"] = null,
                ["error_text"] = null,
                ["custom_string"] = null,
                ["subaccount_id"] = 123456,
                ["message_type"] = "sms",
                ["digits"] = null,
            };
            foreach (var (name, value) in body)
            {
                receipt[name] = value?.DeepClone();
            }

            return Results.Json(new { delivered = await PushReceiptAsync(receipt, format, c.RequestAborted) });
        });
        routes.MapPut("/_sandbox/clicksend/receipts", async (HttpContext c) =>
        {
            var settings = await ReadBody(c) as JsonObject;
            var format = settings?["format"]?.GetValue<string>();
            if (settings is null || format is not (null or "json" or "form"))
            {
                return Results.BadRequest(new { error = "send {\"delay_ms\": 1000, \"format\": \"json\" or \"form\"}" });
            }

            ReceiptFormat = format ?? ReceiptFormat;
            ReceiptDelay = settings["delay_ms"] is { } delay ? TimeSpan.FromMilliseconds(delay.GetValue<double>()) : ReceiptDelay;
            return Results.NoContent();
        });
    }

    /// <summary>One record in ClickSend's envelope, or its 404.</summary>
    private Task One<TKey>(HttpContext context, IDictionary<TKey, JsonObject> records, TKey key, string found, string missing)
    {
        JsonNode? record;
        lock (_lock)
        {
            record = records.TryGetValue(key, out var value) ? value.DeepClone() : null;
        }

        return record is null ? Envelope(context, 404, "NOT_FOUND", missing, null) : Envelope(context, 200, "SUCCESS", found, record);
    }

    /// <summary>Keeps an accepted SMS in the history and, unless it waits for its schedule, has its receipts come.</summary>
    private void Accept(JsonObject sent)
    {
        var scheduled = sent["schedule"]?.GetValueKind() is JsonValueKind.Number or JsonValueKind.String
                        && long.TryParse(sent["schedule"]!.ToString(), CultureInfo.InvariantCulture, out var at)
                        && at > DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5;
        var item = (JsonObject)sent.DeepClone();
        // A history item is the sent message less the send's is_shared_system_number, plus the contact's names and the
        // API user (ClickSend's documented history item, delivery-status.md).
        item.Remove("is_shared_system_number");
        item["first_name"] = null;
        item["last_name"] = null;
        item["_api_username"] = Username;
        SetStatus(item, scheduled ? "Scheduled" : "Sent", "200", scheduled ? "Message is scheduled for delivery" : "Message sent to the network for delivery");
        lock (_lock)
        {
            var messageId = (string)item["message_id"]!;
            _history[messageId] = item;
            _keptInOrder.Enqueue(messageId);
            while (_keptInOrder.Count > MaxKeptMessages && _keptInOrder.TryDequeue(out var oldest))
            {
                _history.Remove(oldest);
                _receipts.Remove(oldest);
            }
        }

        if (scheduled)
        {
            return;
        }

        var to = (string?)item["to"] ?? "";
        (string Code, string Text, string? ErrorCode, string? ErrorText)[] reports = to.EndsWith(FailingSuffix, StringComparison.Ordinal) ? [("301", "Failed: Unknown subscriber. Number is inactive or invalid", "8", "Unknown subscriber")]
            : to.EndsWith(PendingSuffix, StringComparison.Ordinal) ? []
            : to.EndsWith(TemporaryFailureSuffix, StringComparison.Ordinal) ? [("300", "Temporary network error - will be retried", "16", "Temporary network error"), Delivered]
            : [Delivered];
        if (reports.Length == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            foreach (var (code, text, errorCode, errorText) in reports)
            {
                await Task.Delay(ReceiptDelay);
                var receipt = new JsonObject
                {
                    ["timestamp_send"] = item["date"]?.DeepClone(),
                    ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["message_id"] = item["message_id"]!.DeepClone(),
                    ["status_code"] = code,
                    ["status_text"] = text,
                    ["error_code"] = errorCode,
                    ["error_text"] = errorText,
                    ["custom_string"] = item["custom_string"]?.DeepClone(),
                    ["subaccount_id"] = item["subaccount_id"]?.DeepClone(),
                    ["message_type"] = "sms",
                    ["digits"] = null,
                };
                try
                {
                    await PushReceiptAsync(receipt, ReceiptFormat, CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    // The app may be down: ClickSend's retries are not documented, so the sandbox does not retry.
                }
            }
        });
    }

    private static readonly (string, string, string?, string?) Delivered = ("201", "Success: Message received on handset.", null, null);

    /// <summary>Keeps a receipt (and its message's history status), then posts it to every enabled URL receipt rule; answers how many took it (2xx).</summary>
    public async Task<int> PushReceiptAsync(JsonObject receipt, string format = "json", CancellationToken cancellationToken = default)
    {
        var messageId = receipt["message_id"]?.ToString() ?? "";
        List<string> urls;
        lock (_lock)
        {
            _receipts[messageId] = (JsonObject)receipt.DeepClone();
            if (_history.TryGetValue(messageId, out var item))
            {
                var code = receipt["status_code"]?.ToString() ?? "200";
                SetStatus(item, code == "301" ? "Failed" : "Sent", code, receipt["status_text"]?.ToString() ?? "");
            }

            urls = _receiptRules.Values.Where(r => (string?)r["action"] == "URL" && (r["enabled"]?.GetValue<int>() ?? 1) == 1)
                .Select(r => (string)r["action_address"]!).ToList();
        }

        var delivered = 0;
        foreach (var url in urls)
        {
            using HttpContent content = format == "form"
                ? new FormUrlEncodedContent(receipt.Where(f => f.Value is not null)
                    .Select(f => KeyValuePair.Create(f.Key, f.Value!.GetValueKind() == JsonValueKind.String ? f.Value.GetValue<string>() : f.Value.ToJsonString())))
                : new StringContent(receipt.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await Webhooks.PostAsync(url, content, cancellationToken);
            delivered += response.IsSuccessStatusCode ? 1 : 0;
        }

        return delivered;
    }

    private static void Cancel(JsonObject item) => SetStatus(item, "Cancelled", "301", "Message is cancelled");

    private static void SetStatus(JsonObject item, string status, string code, string text)
    {
        item["status"] = status;
        item["status_code"] = code;
        item["status_text"] = text;
    }
}
