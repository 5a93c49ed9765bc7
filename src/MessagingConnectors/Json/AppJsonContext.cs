using System.Text.Json.Serialization;
using MessagingConnectors.ClickSend;
using MessagingConnectors.Hosting;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Json;

/// <summary>Source-generated serializers for every model the app reads or writes: no per-request reflection.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SendSmsRequest))]
[JsonSerializable(typeof(SendSmsResponse))]
[JsonSerializable(typeof(ClickSendSmsSendRequest))]
[JsonSerializable(typeof(ClickSendEnvelope<SmsSendData>))]
[JsonSerializable(typeof(ClickSendEnvelope<System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
