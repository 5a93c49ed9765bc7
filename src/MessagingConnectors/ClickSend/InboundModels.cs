using System.Text.Json.Serialization;
using MessagingConnectors.Json;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>Subscribe body of the inbound SMS trigger: the flow's callback URL and the rule's filters.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"action_address":"https://prod-00.westeurope.logic.azure.com/workflows/0/triggers/manual/paths/invoke","dedicated_number":"*","message_search_type":1,"message_search_term":"STOP"}""")]
public sealed class SmsInboundAutomationRequest : IValidatable, INormalizes
{
    public const int MaxTerm = 100;
    public const int MaxRuleName = 100;

    [JsonPropertyName("action_address")]
    [ApiField("Callback URL", "The flow's callback URL, filled in by Power Automate.", Visibility = Visibility.Internal, Required = true, NotificationUrl = true)]
    public string? ActionAddress { get; set; }

    [JsonPropertyName("dedicated_number")]
    [ClickSendPhone(Strict = true, Wildcard = "*")]
    [ApiField("Dedicated Number", "Your ClickSend number whose replies start the flow, or * for all of them.", Visibility = Visibility.Important)]
    public string? DedicatedNumber { get; set; }

    [JsonPropertyName("message_search_type")]
    [Bounds(0, 3)]
    [ApiField("Keyword Match", "0 any message, 1 starts with, 2 contains, 3 does not contain the keyword.", Visibility = Visibility.Advanced)]
    public int? MessageSearchType { get; set; }

    [JsonPropertyName("message_search_term")]
    [Text(MaxTerm)]
    [ApiField("Keyword", "The keyword the match looks for: required unless Keyword Match is 0 (any message), when it is ignored.", Visibility = Visibility.Advanced)]
    public string? MessageSearchTerm { get; set; }

    [JsonPropertyName("rule_name")]
    [Text(MaxRuleName)]
    [ApiField("Rule Name", "Name of the inbound rule in ClickSend.", Visibility = Visibility.Internal)]
    public string? RuleName { get; set; }

    [JsonPropertyName("webhook_type")]
    [OneOf("json")]
    [ApiField("Webhook Type", "Always json: ClickSend posts each message as JSON.", Visibility = Visibility.Internal)]
    public string? WebhookType { get; set; }

    [JsonPropertyName("action")]
    [OneOf("URL")]
    [ApiField("Action", "Always URL: ClickSend calls a URL for each message.", Visibility = Visibility.Internal)]
    public string? Action { get; set; }

    [JsonPropertyName("enabled")]
    [Bounds(1, 1)]
    [ApiField("Enabled", "Always 1: the rule is active.", Visibility = Visibility.Internal)]
    public int? Enabled { get; set; }

    /// <summary>A keyword match needs its keyword. The callback URL is checked by the endpoint, which knows whether loopback is allowed.</summary>
    public void Validate(ValidationErrors errors)
    {
        if (MessageSearchType is > 0 && string.IsNullOrWhiteSpace(MessageSearchTerm))
        {
            errors.Add("message_search_term", "is required.");
        }
    }

    /// <summary>ClickSend's defaults written out: every number, any message, the rule named for Power Automate.</summary>
    public void Normalize()
    {
        DedicatedNumber ??= "*";
        MessageSearchType ??= 0;
        MessageSearchTerm = MessageSearchType == 0 ? "*" : MessageSearchTerm;
        RuleName ??= "Power-Automate";
    }
}

/// <summary>The inbound rule as ClickSend's <c>POST /automations/sms/inbound</c> expects it.</summary>
public sealed record ClickSendInboundRule(
    [property: JsonPropertyName("dedicated_number")] string DedicatedNumber,
    [property: JsonPropertyName("rule_name")] string RuleName,
    [property: JsonPropertyName("message_search_type")] int MessageSearchType,
    [property: JsonPropertyName("message_search_term")] string MessageSearchTerm,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("action_address")] string ActionAddress,
    [property: JsonPropertyName("enabled")] int Enabled,
    [property: JsonPropertyName("webhook_type")] string WebhookType);

public sealed class InboundRule
{
    [JsonPropertyName("inbound_rule_id")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Inbound Rule ID", "ClickSend's ID of the rule.")]
    public long? InboundRuleId { get; set; }

    [JsonPropertyName("dedicated_number")]
    [ApiField("Dedicated Number", "The number the rule listens on, or *.")]
    public string? DedicatedNumber { get; set; }

    [JsonPropertyName("rule_name")]
    [ApiField("Rule Name", "Name of the rule.")]
    public string? RuleName { get; set; }

    [JsonPropertyName("enabled")]
    [JsonConverter(typeof(FlexibleInt64Converter))]
    [ApiField("Enabled", "1 when the rule is active.")]
    public long? Enabled { get; set; }
}

/// <summary>Answer to a subscription: the rule created for it. The Location header is the unsubscribe URL.</summary>
public sealed record SmsInboundSubscription(
    [property: JsonPropertyName("inbound_rule_id")][property: ApiField("Inbound Rule ID", "ClickSend's ID of the inbound rule.")] long InboundRuleId,
    [property: JsonPropertyName("dedicated_number")][property: ApiField("Dedicated Number", "The number the rule listens on, or *.")] string DedicatedNumber,
    [property: JsonPropertyName("message_search_type")][property: ApiField("Keyword Match", "How messages are matched.")] int MessageSearchType,
    [property: JsonPropertyName("message_search_term")][property: ApiField("Keyword", "The keyword matched.")] string MessageSearchTerm);

public sealed record UnsubscribeResult(
    [property: JsonPropertyName("inbound_rule_id")][property: ApiField("Inbound Rule ID", "The rule that was deleted.")] long InboundRuleId,
    [property: JsonPropertyName("deleted")][property: ApiField("Deleted", "True once the rule and the subscription are gone.")] bool Deleted,
    [property: JsonPropertyName("discarded_count")][property: ApiField("Discarded Count", "Messages received for the trigger and never delivered (waiting for a retry or dead-lettered), now discarded: nothing is delivered after the trigger is deleted.")] int DiscardedCount);

/// <summary>
/// An inbound SMS as the flow receives it: the published connector's payload, with both the
/// snake_case names and ClickSend's legacy names filled, so flows built on either keep working.
/// </summary>
public sealed class InboundSms
{
    [JsonPropertyName("body")][ApiField("Body", "Text of the inbound message.", Visibility = Visibility.Important)] public string? Body { get; set; }
    [JsonPropertyName("to")][ApiField("To", "Your number that received the message.", Visibility = Visibility.Important)] public string? To { get; set; }
    [JsonPropertyName("from")][ApiField("From", "The sender's number.", Visibility = Visibility.Important)] public string? From { get; set; }
    [JsonPropertyName("custom_string")][ApiField("Custom String", "The custom string of the message this replies to.", Visibility = Visibility.Important)] public string? CustomString { get; set; }
    [JsonPropertyName("original_message_id")][ApiField("Original Message ID", "ID of the message this replies to.", Visibility = Visibility.Important)] public string? OriginalMessageId { get; set; }
    [JsonPropertyName("original_body")][ApiField("Original Body", "Text of the message this replies to.", Visibility = Visibility.Important)] public string? OriginalBody { get; set; }
    [JsonPropertyName("user_id")][ApiField("User ID", "ClickSend user that received the message.", Visibility = Visibility.Important)] public long? UserId { get; set; }
    [JsonPropertyName("subaccount_id")][ApiField("Subaccount ID", "ClickSend subaccount that received the message.", Visibility = Visibility.Important)] public long? SubaccountId { get; set; }
    [JsonPropertyName("timestamp")][ApiField("Timestamp", "When the message arrived, as a Unix timestamp.", Visibility = Visibility.Important)] public long? Timestamp { get; set; }
    [JsonPropertyName("message_id")][ApiField("Message ID", "ClickSend's ID of the inbound message.", Visibility = Visibility.Important)] public string? MessageId { get; set; }
    [JsonPropertyName("originalsenderid")][ApiField("Original Sender ID", "Legacy name: the number that sent the original message.", Visibility = Visibility.Advanced)] public string? OriginalSenderId { get; set; }
    [JsonPropertyName("message")][ApiField("Message", "Legacy name of body.", Visibility = Visibility.Advanced)] public string? Message { get; set; }
    [JsonPropertyName("sms")][ApiField("SMS", "Legacy name of from.", Visibility = Visibility.Advanced)] public string? Sms { get; set; }
    [JsonPropertyName("originalmessageid")][ApiField("Original Message ID (Legacy)", "Legacy name of original_message_id.", Visibility = Visibility.Advanced)] public string? OriginalMessageIdLegacy { get; set; }
    [JsonPropertyName("customstring")][ApiField("Custom String (Legacy)", "Legacy name of custom_string.", Visibility = Visibility.Advanced)] public string? CustomStringLegacy { get; set; }
    [JsonPropertyName("originalmessage")][ApiField("Original Message", "Legacy name of original_body.", Visibility = Visibility.Advanced)] public string? OriginalMessage { get; set; }

    /// <summary>Builds the payload from ClickSend's webhook fields, JSON or form, whichever names it used.</summary>
    public static InboundSms FromFields(Func<string, string?> field)
    {
        string? First(params string[] names) => names.Select(field).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        long? Number(params string[] names) => long.TryParse(First(names), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        var sms = new InboundSms
        {
            Body = First("body", "message"),
            To = First("to"),
            From = First("from", "sms"),
            CustomString = First("custom_string", "customstring") ?? "",
            OriginalMessageId = First("original_message_id", "originalmessageid"),
            OriginalBody = First("original_body", "originalmessage"),
            UserId = Number("user_id"),
            SubaccountId = Number("subaccount_id"),
            Timestamp = Number("timestamp"),
            MessageId = First("message_id"),
            OriginalSenderId = First("originalsenderid"),
        };
        sms.Message = sms.Body;
        sms.Sms = sms.From;
        sms.OriginalMessageIdLegacy = sms.OriginalMessageId;
        sms.CustomStringLegacy = sms.CustomString;
        sms.OriginalMessage = sms.OriginalBody;
        return sms;
    }
}

public sealed record DeadLetter(
    [property: JsonPropertyName("message_id")][property: ApiField("Message ID", "The inbound message.")] string MessageId,
    [property: JsonPropertyName("attempts")][property: ApiField("Attempts", "Delivery attempts made.")] int Attempts,
    [property: JsonPropertyName("last_error")][property: ApiField("Last Error", "Why the last attempt failed.")] string? LastError,
    [property: JsonPropertyName("received_at")][property: ApiField("Received At", "When the message arrived.")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("payload")][property: ApiField("Payload", "What would have been delivered.")] InboundSms? Payload);
