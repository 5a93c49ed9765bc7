using System.Text.Json.Serialization;
using MessagingConnectors.Hosting;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Json;

/// <summary>Source-generated serializers for every model the app reads or writes: no per-request reflection.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(Webhooks.InboundReceipt))]
// Problem extension members are objects, written by their run-time type.
[JsonSerializable(typeof(RejectedRecipient[]))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
