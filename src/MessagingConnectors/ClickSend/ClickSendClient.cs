using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MessagingConnectors.Hosting;
using MessagingConnectors.Json;
using MessagingConnectors.Providers;

namespace MessagingConnectors.ClickSend;

/// <summary>Typed client for ClickSend REST v3: one method per upstream operation, each with the account it acts for.</summary>
public sealed class ClickSendClient(HttpClient http, ILogger<ClickSendClient> logger)
{
    public const string Provider = "ClickSend";

    /// <summary>What ClickSend shows as a message's source when the caller names none.</summary>
    internal const string DefaultSource = "MessagingConnectors";

    /// <summary>Sends the checked messages: each with its number in E.164 (or its list), its source and its country code.</summary>
    public Task<ClickSendEnvelope<SendData>> SendSmsAsync(ClickSendAccount account, SendSmsRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "sms/send", account, new ClickSendSmsSendRequest(request.Messages!.Select(m => new ClickSendSmsMessage(
                m.NormalizedTo, m.Body!, m.Source ?? DefaultSource, m.CustomString, m.From, m.Schedule, m.ListId,
                m.Country?.Trim().ToUpperInvariant())).ToList()), ClickSendJson.Default.ClickSendSmsSendRequest,
            ClickSendJson.Default.ClickSendEnvelopeSendData, cancellationToken);

    public Task<ClickSendEnvelope<SendData>> SendMmsAsync(ClickSendAccount account, SendMmsRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "mms/send", account, request, ClickSendJson.Default.SendMmsRequest, ClickSendJson.Default.ClickSendEnvelopeSendData, cancellationToken);

    public Task<ClickSendEnvelope<SendData>> SendVoiceAsync(ClickSendAccount account, SendVoiceRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "voice/send", account, request, ClickSendJson.Default.SendVoiceRequest, ClickSendJson.Default.ClickSendEnvelopeSendData, cancellationToken);

    public Task<ClickSendEnvelope<SendData>> SendFaxAsync(ClickSendAccount account, SendFaxRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "fax/send", account, request, ClickSendJson.Default.SendFaxRequest, ClickSendJson.Default.ClickSendEnvelopeSendData, cancellationToken);

    public Task<ClickSendEnvelope<PostSendData>> SendLetterAsync(ClickSendAccount account, SendLetterRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "post/letters/send", account, request, ClickSendJson.Default.SendLetterRequest, ClickSendJson.Default.ClickSendEnvelopePostSendData, cancellationToken);

    public Task<ClickSendEnvelope<PostSendData>> SendPostcardAsync(ClickSendAccount account, SendPostcardRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "post/postcards/send", account, request, ClickSendJson.Default.SendPostcardRequest, ClickSendJson.Default.ClickSendEnvelopePostSendData, cancellationToken);

    public Task<ClickSendEnvelope<SmsCampaign>> SendSmsCampaignAsync(ClickSendAccount account, SendSmsCampaignRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "sms-campaigns/send", account, request, ClickSendJson.Default.SendSmsCampaignRequest, ClickSendJson.Default.ClickSendEnvelopeSmsCampaign, cancellationToken);

    public Task<ClickSendEnvelope<UploadedMedia>> UploadMediaAsync(ClickSendAccount account, string convert, UploadMediaRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"uploads?convert={Uri.EscapeDataString(convert)}", account, request, ClickSendJson.Default.UploadMediaRequest, ClickSendJson.Default.ClickSendEnvelopeUploadedMedia, cancellationToken);

    /// <summary>An enabled inbound rule that posts each matching SMS as JSON to <paramref name="actionUrl"/>.</summary>
    public Task<ClickSendEnvelope<InboundRule>> CreateInboundRuleAsync(ClickSendAccount account, SmsInboundAutomationRequest rule, string actionUrl,
        CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "automations/sms/inbound", account, new ClickSendInboundRule(rule.DedicatedNumber!, rule.RuleName!,
                rule.MessageSearchType!.Value, rule.MessageSearchTerm!, "URL", actionUrl, 1, "json"), ClickSendJson.Default.ClickSendInboundRule,
            ClickSendJson.Default.ClickSendEnvelopeInboundRule, cancellationToken);

    public Task<ClickSendStatus> DeleteInboundRuleAsync(ClickSendAccount account, long ruleId, CancellationToken cancellationToken) =>
        SendAsync<object, ClickSendStatus>(HttpMethod.Delete, $"automations/sms/inbound/{ruleId}", account, null, null, ClickSendJson.Default.ClickSendStatus, cancellationToken);

    /// <summary>The receipt of one sent message, read ones included; ClickSend does not say what it answers before one exists.</summary>
    public Task<ClickSendEnvelope<ClickSendReceipt>> GetSmsReceiptAsync(ClickSendAccount account, string messageId, CancellationToken cancellationToken) =>
        GetAsync($"sms/receipts/{Uri.EscapeDataString(messageId)}", account, ClickSendJson.Default.ClickSendEnvelopeClickSendReceipt, cancellationToken);

    /// <summary>
    /// The history items of one message (<c>q=message_id:</c>). ClickSend's own example puts <c>data</c> as a bare array
    /// while its schema wraps it in a page: both are read.
    /// </summary>
    public async Task<List<ClickSendHistoryItem>> GetSmsHistoryAsync(ClickSendAccount account, string messageId, CancellationToken cancellationToken)
    {
        var envelope = await GetAsync($"sms/history?q={Uri.EscapeDataString("message_id:" + messageId)}", account,
            ClickSendJson.Default.ClickSendEnvelopeJsonElement, cancellationToken);
        var items = envelope.Data.ValueKind switch
        {
            JsonValueKind.Array => envelope.Data,
            JsonValueKind.Object when envelope.Data.TryGetProperty("data", out var page) && page.ValueKind == JsonValueKind.Array => page,
            _ => default,
        };
        return items.ValueKind == JsonValueKind.Array
            ? items.Deserialize(ClickSendJson.Default.ListClickSendHistoryItem) ?? []
            : [];
    }

    public Task<ClickSendStatus> CancelSmsAsync(ClickSendAccount account, string messageId, CancellationToken cancellationToken) =>
        SendAsync<object, ClickSendStatus>(HttpMethod.Put, $"sms/{Uri.EscapeDataString(messageId)}/cancel", account, null, null, ClickSendJson.Default.ClickSendStatus, cancellationToken);

    public Task<ClickSendEnvelope<ClickSendCancelCount>> CancelAllSmsAsync(ClickSendAccount account, string? customString, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "sms/cancel-all", account, new ClickSendCancelAll(customString), ClickSendJson.Default.ClickSendCancelAll,
            ClickSendJson.Default.ClickSendEnvelopeClickSendCancelCount, cancellationToken);

    /// <summary>An enabled rule that pushes every SMS delivery receipt (match type 0, "all reports") to <paramref name="actionUrl"/>.</summary>
    public Task<ClickSendEnvelope<ClickSendReceiptRule>> CreateReceiptRuleAsync(ClickSendAccount account, string ruleName, string actionUrl, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "automations/sms/receipts", account, new ClickSendReceiptRuleRequest(ruleName, 0, "URL", actionUrl, 1),
            ClickSendJson.Default.ClickSendReceiptRuleRequest, ClickSendJson.Default.ClickSendEnvelopeClickSendReceiptRule, cancellationToken);

    public Task<ClickSendEnvelope<ClickSendReceiptRule>> GetReceiptRuleAsync(ClickSendAccount account, long ruleId, CancellationToken cancellationToken) =>
        GetAsync($"automations/sms/receipts/{ruleId}", account, ClickSendJson.Default.ClickSendEnvelopeClickSendReceiptRule, cancellationToken);

    public Task<ClickSendStatus> DeleteReceiptRuleAsync(ClickSendAccount account, long ruleId, CancellationToken cancellationToken) =>
        SendAsync<object, ClickSendStatus>(HttpMethod.Delete, $"automations/sms/receipts/{ruleId}", account, null, null, ClickSendJson.Default.ClickSendStatus, cancellationToken);

    public Task<ClickSendEnvelope<ContactList>> CreateListAsync(ClickSendAccount account, CreateListRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "lists", account, request, ClickSendJson.Default.CreateListRequest, ClickSendJson.Default.ClickSendEnvelopeContactList, cancellationToken);

    public Task<ClickSendEnvelope<ClickSendPage<ContactList>>> GetListsAsync(ClickSendAccount account, Paging paging, CancellationToken cancellationToken) =>
        GetAsync($"lists{paging.Query()}", account, ClickSendJson.Default.ClickSendEnvelopeClickSendPageContactList, cancellationToken);

    public Task<ClickSendEnvelope<ClickSendPage<ContactListMatch>>> SearchListsAsync(ClickSendAccount account, string query, Paging paging, CancellationToken cancellationToken) =>
        GetAsync($"search/contacts-lists?q={Uri.EscapeDataString(query)}{paging.Query("&")}", account, ClickSendJson.Default.ClickSendEnvelopeClickSendPageContactListMatch, cancellationToken);

    public Task<ClickSendStatus> DeleteListAsync(ClickSendAccount account, long listId, CancellationToken cancellationToken) =>
        SendAsync<object, ClickSendStatus>(HttpMethod.Delete, $"lists/{listId}", account, null, null, ClickSendJson.Default.ClickSendStatus, cancellationToken);

    public Task<ClickSendEnvelope<Contact>> CreateContactAsync(ClickSendAccount account, long listId, CreateContactRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"lists/{listId}/contacts", account, request, ClickSendJson.Default.CreateContactRequest, ClickSendJson.Default.ClickSendEnvelopeContact, cancellationToken);

    public Task<ClickSendEnvelope<ClickSendPage<Contact>>> GetContactsAsync(ClickSendAccount account, long listId, Paging paging, CancellationToken cancellationToken) =>
        GetAsync($"lists/{listId}/contacts{paging.Query()}", account, ClickSendJson.Default.ClickSendEnvelopeClickSendPageContact, cancellationToken);

    public Task<ClickSendStatus> DeleteContactAsync(ClickSendAccount account, long listId, long contactId, CancellationToken cancellationToken) =>
        SendAsync<object, ClickSendStatus>(HttpMethod.Delete, $"lists/{listId}/contacts/{contactId}", account, null, null, ClickSendJson.Default.ClickSendStatus, cancellationToken);

    public Task<ClickSendEnvelope<List<Country>>> GetCountriesAsync(ClickSendAccount account, CancellationToken cancellationToken) =>
        GetAsync("countries", account, ClickSendJson.Default.ClickSendEnvelopeListCountry, cancellationToken);

    public Task<ClickSendEnvelope<List<VoiceLanguage>>> GetVoiceLanguagesAsync(ClickSendAccount account, CancellationToken cancellationToken) =>
        GetAsync("voice/lang", account, ClickSendJson.Default.ClickSendEnvelopeListVoiceLanguage, cancellationToken);

    public Task<ClickSendEnvelope<ClickSendPage<ReturnAddress>>> GetReturnAddressesAsync(ClickSendAccount account, Paging paging, CancellationToken cancellationToken) =>
        GetAsync($"post/return-addresses{paging.Query()}", account, ClickSendJson.Default.ClickSendEnvelopeClickSendPageReturnAddress, cancellationToken);

    private Task<ClickSendEnvelope<TData>> GetAsync<TData>(string path, ClickSendAccount account, JsonTypeInfo<ClickSendEnvelope<TData>> resultType, CancellationToken cancellationToken) =>
        SendAsync<object, ClickSendEnvelope<TData>>(HttpMethod.Get, path, account, null, null, resultType, cancellationToken);

    /// <typeparam name="TResult">
    /// The envelope with its data, or <see cref="ClickSendStatus"/> where ClickSend has no data to give: its deletes
    /// answer <c>"data": []</c> (PHP's empty object), which the status type reads without looking at it.
    /// </typeparam>
    internal async Task<TResult> SendAsync<TBody, TResult>(
        HttpMethod method,
        string path,
        ClickSendAccount account,
        TBody? body,
        JsonTypeInfo<TBody>? bodyType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = account.AuthorizationHeader;
        if (body is not null && bodyType is not null)
        {
            request.Content = JsonContent.Create(body, bodyType);
        }

        var answer = await ProviderExchange.SendAsync(http, request, Provider, method.Method + " " + path, logger, cancellationToken);

        if (!answer.IsSuccess)
        {
            var (code, message) = ReadError(answer.Payload);
            throw UpstreamFailures.FromStatus(Provider, answer.Status, code, message, answer.Headers);
        }

        return ProviderExchange.Read(answer, resultType, Provider);
    }

    private static (string? Code, string? Message) ReadError(byte[] payload)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(payload, ClickSendJson.Default.ClickSendEnvelopeJsonElement);
            return (envelope?.ResponseCode, envelope?.ResponseMsg);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
