using System.Text.Json.Serialization;

namespace MessagingConnectors.Clipsan;

/// <summary>Source-generated serializers of the Clipsan slice, for the app's HTTP JSON and the upstream answers.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ClipsanAddLeadRequest))]
[JsonSerializable(typeof(ClipsanModifyLeadRequest))]
[JsonSerializable(typeof(ClipsanLead))]
[JsonSerializable(typeof(ClipsanLeadsResponse))]
[JsonSerializable(typeof(ClipsanAddLeadResponse))]
[JsonSerializable(typeof(ClipsanLeadResponse))]
[JsonSerializable(typeof(ClipsanResultResponse))]
[JsonSerializable(typeof(ClipsanLeadsAnswer))]
[JsonSerializable(typeof(ClipsanOutcome))]
[JsonSerializable(typeof(ClipsanContactChangedRequest))]
[JsonSerializable(typeof(ClipsanContactChangedSubscription))]
[JsonSerializable(typeof(ClipsanUnsubscribeResult))]
[JsonSerializable(typeof(ClipsanNotificationReceiver))]
[JsonSerializable(typeof(ClipsanContactChange))]
internal sealed partial class ClipsanJsonContext : JsonSerializerContext;
