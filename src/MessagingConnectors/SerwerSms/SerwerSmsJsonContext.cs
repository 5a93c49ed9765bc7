using System.Text.Json.Serialization;

namespace MessagingConnectors.SerwerSms;

/// <summary>Source-generated serializers for the SerwerSMS slice.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SerwerSmsGroupRequest))]
[JsonSerializable(typeof(SerwerSmsContactRequest))]
[JsonSerializable(typeof(SerwerSmsContactChanges))]
[JsonSerializable(typeof(SerwerSmsReceivedAnswer))]
[JsonSerializable(typeof(SerwerSmsReportsAnswer))]
[JsonSerializable(typeof(SerwerSmsReportItem))]
[JsonSerializable(typeof(SerwerSmsDeliveryReport))]
[JsonSerializable(typeof(SerwerSmsDeliveryReportList))]
[JsonSerializable(typeof(List<SerwerSmsDeliveryReport>))]
[JsonSerializable(typeof(SerwerSmsCancelRequest))]
[JsonSerializable(typeof(SerwerSmsReceivedList))]
[JsonSerializable(typeof(List<SerwerSmsReceivedMessage>))]
[JsonSerializable(typeof(SerwerSmsImportRequest))]
[JsonSerializable(typeof(SerwerSmsSendSmsRequest))]
[JsonSerializable(typeof(SerwerSmsBlacklistRequest))]
[JsonSerializable(typeof(SerwerSmsWriteResult))]
[JsonSerializable(typeof(SerwerSmsGroupList))]
[JsonSerializable(typeof(SerwerSmsGroup))]
[JsonSerializable(typeof(SerwerSmsPhoneGroupList))]
[JsonSerializable(typeof(SerwerSmsContactList))]
[JsonSerializable(typeof(SerwerSmsContact))]
[JsonSerializable(typeof(SerwerSmsImportResult))]
[JsonSerializable(typeof(SerwerSmsSendSmsResponse))]
[JsonSerializable(typeof(SerwerSmsSenderList))]
[JsonSerializable(typeof(List<SerwerSmsGroupOption>))]
[JsonSerializable(typeof(List<SerwerSmsSenderOption>))]
internal sealed partial class SerwerSmsJsonContext : JsonSerializerContext;
