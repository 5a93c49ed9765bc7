using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Clipsan;

/// <summary>Subscribe body of the contact-change trigger: the flow's callback URL and whether to add the lead's details.</summary>
/// <remarks>The callback URL's address is checked by the endpoint, which knows whether loopback is allowed.</remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[ApiExample("""{"callback_url":"https://prod-00.westeurope.logic.azure.com/workflows/0/triggers/manual/paths/invoke","enrich":true}""")]
public sealed class ClipsanContactChangedRequest
{
    [JsonPropertyName("callback_url")]
    [ApiField("Callback URL", "The flow's callback URL, filled in by Power Automate.", Visibility = Visibility.Internal, Required = true, NotificationUrl = true)]
    public string? CallbackUrl { get; set; }

    [JsonPropertyName("enrich")]
    [ApiField("Include Lead Details", "Yes to fetch the lead's current details (name, lists, tags, custom fields) from Clipsan with each change.",
        Visibility = Visibility.Important)]
    public bool? Enrich { get; set; }
}

/// <summary>What to register in Clipsan: the account's notification URL, the secret in it and how to paste it.</summary>
public sealed record ClipsanNotificationReceiver(
    [property: JsonPropertyName("notification_url")]
    [property: ApiField("Notification URL", "Paste this URL, exactly as it is, as the notification address in your Clipsan account details; Clipsan fills in {id}, {email}, {pin} and {time}.")]
    string NotificationUrl,
    [property: JsonPropertyName("secret")]
    [property: ApiField("Secret", "The account's secret, already in the notification URL; keep it private.", Visibility = Visibility.Advanced)]
    string Secret,
    [property: JsonPropertyName("instructions")]
    [property: ApiField("Instructions", "What to do with the notification URL in Clipsan.")]
    string Instructions);

/// <summary>Answer to a subscription; the Location header is the unsubscribe URL.</summary>
public sealed record ClipsanContactChangedSubscription(
    [property: JsonPropertyName("subscription_id")][property: ApiField("Subscription ID", "ID of the trigger's subscription.")] string SubscriptionId,
    [property: JsonPropertyName("enrich")][property: ApiField("Include Lead Details", "Whether each change carries the lead's current details.")] bool Enrich,
    [property: JsonPropertyName("notification_url")]
    [property: ApiField("Notification URL", "Paste this URL, exactly as it is, as the notification address in your Clipsan account details; Clipsan fills in {id}, {email}, {pin} and {time}.")]
    string NotificationUrl,
    [property: JsonPropertyName("secret")][property: ApiField("Secret", "The account's secret, already in the notification URL; keep it private.", Visibility = Visibility.Advanced)] string Secret,
    [property: JsonPropertyName("instructions")][property: ApiField("Instructions", "What to do with the notification URL in Clipsan.")] string Instructions);

public sealed record ClipsanUnsubscribeResult(
    [property: JsonPropertyName("subscription_id")][property: ApiField("Subscription ID", "The subscription that was deleted.")] string SubscriptionId,
    [property: JsonPropertyName("deleted")][property: ApiField("Deleted", "True once the subscription is gone.")] bool Deleted,
    [property: JsonPropertyName("discarded_count")][property: ApiField("Discarded Count", "Changes received for the trigger and never delivered (waiting for a retry or dead-lettered), now discarded: nothing is delivered after the trigger is deleted.")] int DiscardedCount);

/// <summary>
/// A change of a Clipsan contact as the flow receives it: what Clipsan put in the notification URL,
/// and with Include Lead Details the lead as Clipsan has it now. An email or birth number change
/// comes twice, once with the old and once with the new value.
/// </summary>
public sealed class ClipsanContactChange
{
    [JsonPropertyName("id")]
    [ApiField("Lead ID", "Clipsan's ID of the contact that was created or changed.", Visibility = Visibility.Important)]
    public string? Id { get; set; }

    [JsonPropertyName("email")]
    [ApiField("Email", "Email address of the contact; after an email change, the old address in one notification and the new one in another.", Visibility = Visibility.Important)]
    public string? Email { get; set; }

    [JsonPropertyName("pin")]
    [ApiField("Birth Number", "Birth number of the contact, if it has one; after a change, the old value in one notification and the new one in another.", Visibility = Visibility.Advanced)]
    public string? Pin { get; set; }

    [JsonPropertyName("time")]
    [ApiField("Time", "Clipsan's timestamp of the change, as Clipsan sends it.", Visibility = Visibility.Important)]
    public string? Time { get; set; }

    [JsonPropertyName("received_at")]
    [ApiField("Received At", "When the notification reached the connector.", Visibility = Visibility.Advanced)]
    public DateTimeOffset ReceivedAt { get; set; }

    [JsonPropertyName("lead")]
    [ApiField("Lead", "The lead's current details, when the trigger includes them and Clipsan found the lead.", Visibility = Visibility.Important)]
    public ClipsanLead? Lead { get; set; }

    [JsonPropertyName("lead_error")]
    [ApiField("Lead Error", "Why the lead's details are missing when the trigger asked for them, e.g. lead not found.", Visibility = Visibility.Advanced)]
    public string? LeadError { get; set; }

    /// <summary>Never the birth number: a notification can end up in a debugger, a trace or an exception message.</summary>
    public override string ToString() =>
        $"Clipsan contact change {Id} at {Time}{(Pin is null ? "" : " pin " + ClipsanRules.MaskPin(Pin))}";
}
