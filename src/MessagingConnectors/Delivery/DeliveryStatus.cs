using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.Delivery;

/// <summary>
/// Where a sent message is, in one vocabulary for every provider. Each provider's own code and text stay beside it
/// (<see cref="DeliveryStatusFields"/>); <see cref="DeliveryStatusMapping"/> is the one table that maps them here.
/// </summary>
public enum DeliveryState
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("delivered")] Delivered,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>A provider's status read into the shared vocabulary, with the reason in English.</summary>
public readonly record struct DeliveryReading(DeliveryState State, string Reason)
{
    /// <summary>Delivered, failed and cancelled never change again; the others may.</summary>
    public bool Final => State is DeliveryState.Delivered or DeliveryState.Failed or DeliveryState.Cancelled;
}

/// <summary>
/// The shared status fields every delivery status, receipt and report carries, beside the provider's own fields.
/// </summary>
public abstract class DeliveryStatusFields
{
    [JsonPropertyName("status")]
    [ApiField("Status", "Where the message is: queued, scheduled, sent, delivered, failed or cancelled (the same words for every provider).", Visibility = Visibility.Important)]
    public DeliveryState Status { get; set; }

    [JsonPropertyName("final")]
    [ApiField("Final", "True when the status will not change again (delivered, failed, cancelled).", Visibility = Visibility.Important)]
    public bool Final { get; set; }

    [JsonPropertyName("status_reason")]
    [ApiField("Status Reason", "Why the message has this status, in English.")]
    public string StatusReason { get; set; } = "";

    [JsonPropertyName("provider_status_code")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Provider Status Code", "The provider's own status code (ClickSend status_code such as 201; SerwerSMS's status word).")]
    public string? ProviderStatusCode { get; set; }

    [JsonPropertyName("provider_status_text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [ApiField("Provider Status Text", "The provider's own status text.")]
    public string? ProviderStatusText { get; set; }

    /// <summary>Fills the shared fields from a reading and the provider's own code and text.</summary>
    public void Apply(DeliveryReading reading, string? providerCode, string? providerText)
    {
        Status = reading.State;
        Final = reading.Final;
        StatusReason = reading.Reason;
        ProviderStatusCode = providerCode;
        ProviderStatusText = providerText;
    }
}
