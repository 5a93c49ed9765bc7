using System.Text.Json.Serialization;

namespace MessagingConnectors.ClickSend;

/// <summary>Source-generated serializers for the ClickSend slice: our API's models and ClickSend's wire format.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SendSmsRequest))]
[JsonSerializable(typeof(SendSmsResponse))]
[JsonSerializable(typeof(ClickSendSmsSendRequest))]
[JsonSerializable(typeof(ClickSendEnvelope<SendData>))]
[JsonSerializable(typeof(ClickSendEnvelope<System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(ClickSendStatus))]
[JsonSerializable(typeof(CreateListRequest))]
[JsonSerializable(typeof(CreateContactRequest))]
[JsonSerializable(typeof(ClickSendEnvelope<ContactList>))]
[JsonSerializable(typeof(ClickSendEnvelope<ClickSendPage<ContactList>>))]
[JsonSerializable(typeof(ClickSendEnvelope<ClickSendPage<ContactListMatch>>))]
[JsonSerializable(typeof(ClickSendEnvelope<Contact>))]
[JsonSerializable(typeof(ClickSendEnvelope<ClickSendPage<Contact>>))]
[JsonSerializable(typeof(ClickSendEnvelope<List<Country>>))]
[JsonSerializable(typeof(ClickSendEnvelope<List<VoiceLanguage>>))]
[JsonSerializable(typeof(ClickSendEnvelope<ClickSendPage<ReturnAddress>>))]
[JsonSerializable(typeof(AllContacts))]
[JsonSerializable(typeof(SmsInboundAutomationRequest))]
[JsonSerializable(typeof(ClickSendInboundRule))]
[JsonSerializable(typeof(ClickSendEnvelope<InboundRule>))]
[JsonSerializable(typeof(SmsInboundSubscription))]
[JsonSerializable(typeof(UnsubscribeResult))]
[JsonSerializable(typeof(InboundSms))]
[JsonSerializable(typeof(List<DeadLetter>))]
[JsonSerializable(typeof(SendMmsRequest))]
[JsonSerializable(typeof(SendVoiceRequest))]
[JsonSerializable(typeof(SendFaxRequest))]
[JsonSerializable(typeof(SendLetterRequest))]
[JsonSerializable(typeof(SendPostcardRequest))]
[JsonSerializable(typeof(SendSmsCampaignRequest))]
[JsonSerializable(typeof(UploadMediaRequest))]
[JsonSerializable(typeof(MessageSendResponse))]
[JsonSerializable(typeof(PostSendResponse))]
[JsonSerializable(typeof(ClickSendEnvelope<PostSendData>))]
[JsonSerializable(typeof(ClickSendEnvelope<SmsCampaign>))]
[JsonSerializable(typeof(ClickSendEnvelope<UploadedMedia>))]
internal sealed partial class ClickSendJson : JsonSerializerContext;
