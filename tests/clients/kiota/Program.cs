// Drives the app through the client Kiota generated from the served OpenAPI 3 document.
// Arguments: the app's base URL (ending in /api), the flow callback URL for the trigger. Prints one line per scenario.
using ClientDrivers;
using Generated;
using Generated.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using static ClientDrivers.Scenarios;

var (baseUrl, flowCallback) = (args[0], args[1]);
var statuses = new StatusLog();
var adapter = Adapter(Scenarios.ClickSendApiKey);
var client = new MessagingClient(adapter);
var wrongCredentials = new MessagingClient(Adapter("wrong"));
string Key() => NewKey("kiota");
Action<RequestConfiguration<DefaultQueryParameters>> WithKey(string? key = null, HeadersInspectionHandlerOption? inspect = null) => config =>
{
    config.Headers.Add("Idempotency-Key", key ?? Key());
    if (inspect is not null)
    {
        config.Options.Add(inspect);
    }
};
PostRecipient Address() => new()
{
    AddressName = "Jana Nováková", AddressLine1 = "1 Example Street", AddressCity = "Perth", AddressState = "WA",
    AddressPostalCode = "6000", AddressCountry = "AU", ReturnAddressId = 4,
};

// The messages the delivery-status scenarios look up: the SMS each provider's send below sends.
string? clickSendMessageId = null, serwerSmsMessageId = null;
var serwerSmsUniqueId = Key();

await Run("SendSms", async () =>
{
    var answer = await client.Clicksend.Sms.Send.PostAsync(new SendSmsRequest { Messages = [new SmsMessage { To = "+61411111111", Body = "Hello from Kiota" }] }, WithKey());
    clickSendMessageId = answer!.Data!.Messages!.First().MessageId;
    Report("SendSms", statuses.Last, answer!.AcceptedCount);
});
await Run("SendMms", async () =>
{
    var answer = await client.Clicksend.Mms.Send.PostAsync(new SendMmsRequest
    {
        MediaFile = "https://example.com/image.jpg", Messages = [new MmsMessage { To = "+61411111111", Subject = "Hello", Body = "Hello" }],
    }, WithKey());
    Report("SendMms", statuses.Last, answer!.AcceptedCount);
});
await Run("SendVoice", async () =>
{
    var answer = await client.Clicksend.Voice.Send.PostAsync(new SendVoiceRequest
    {
        Messages = [new VoiceMessage { To = "+61411111111", Body = "Hello", Lang = VoiceMessage_lang.EnAu, Voice = VoiceMessage_voice.Female }],
    }, WithKey());
    Report("SendVoice", statuses.Last, answer!.AcceptedCount);
});
await Run("SendFax", async () =>
{
    var answer = await client.Clicksend.Fax.Send.PostAsync(new SendFaxRequest { FileUrl = "https://example.com/fax.pdf", Messages = [new FaxMessage { To = "+61261111111" }] }, WithKey());
    Report("SendFax", statuses.Last, answer!.AcceptedCount);
});
await Run("SendLetter", async () =>
{
    var answer = await client.Clicksend.PostPath.Letters.Send.PostAsync(new SendLetterRequest
    {
        FileUrl = "https://example.com/letter.pdf", Colour = 0, Duplex = 0, Recipients = [Address()],
    }, WithKey());
    Report("SendLetter", statuses.Last, answer!.AcceptedCount);
});
await Run("SendPostcard", async () =>
{
    var answer = await client.Clicksend.PostPath.Postcards.Send.PostAsync(new SendPostcardRequest { FileUrls = ["https://example.com/postcard.pdf"], Recipients = [Address()] }, WithKey());
    Report("SendPostcard", statuses.Last, answer!.AcceptedCount);
});
await Run("SendSmsCampaign", async () =>
{
    var answer = await client.Clicksend.SmsCampaigns.Send.PostAsync(new SendSmsCampaignRequest { ListId = 428, Name = "Generated client campaign", Body = "Hello", From = "MyShop" }, WithKey());
    Report("SendSmsCampaign", statuses.Last, answer!.ResponseCode);
});
await Run("SerwerSmsSendSms", async () =>
{
    var answer = await client.Serwersms.Messages.Send.PostAsync(new SerwerSmsSendSmsRequest
    {
        Phone = ["+48500600700"], Text = "Hello from Kiota", UniqueId = [serwerSmsUniqueId],
    }, WithKey());
    serwerSmsMessageId = answer!.Items!.First().Id;
    Report("SerwerSmsSendSms", statuses.Last, answer!.AcceptedCount);
});

await Run("CreateList", async () =>
{
    var answer = await client.Clicksend.Lists.PostAsync(new CreateListRequest { ListName = "Generated clients" });
    Report("CreateList", statuses.Last, answer!.Data!.ListName);
});
await Run("GetContactLists", async () =>
{
    var answer = await client.Clicksend.Lists.GetAsync(config => { config.QueryParameters.Page = 1; config.QueryParameters.Limit = 15; });
    Report("GetContactLists", statuses.Last, answer!.ResponseCode);
});
await Run("SerwerSmsCreateGroup", async () =>
{
    var answer = await client.Serwersms.Groups.PostAsync(new SerwerSmsGroupRequest { Name = "Generated clients" });
    Report("SerwerSmsCreateGroup", statuses.Last, answer!.Success);
});
await Run("SerwerSmsListGroups", async () =>
{
    var answer = await client.Serwersms.Groups.GetAsync(config => config.QueryParameters.Search = "Generated clients");
    Report("SerwerSmsListGroups", statuses.Last, answer!.Items!.FirstOrDefault()?.Name);
});
await Run("ClipsanAddOrUpdateLead", async () =>
{
    var answer = await client.Clipsan.Leads.PostAsync(new ClipsanAddLeadRequest { Email = "generated@example.com", Firstname = "Generated", List = ["news123"] });
    Report("ClipsanAddOrUpdateLead", statuses.Last, answer!.Result);
});
await Run("ClipsanListLeads", async () =>
{
    var answer = await client.Clipsan.Leads.GetAsync(config => config.QueryParameters.List = "news123");
    Report("ClipsanListLeads", statuses.Last, answer!.Result);
});

// The upload in each form the document offers. The generated call sends its first, JSON; multipart and the raw file
// go through the same request builder and adapter with Kiota's own body types.
await Run("UploadFile.json", async () =>
{
    var answer = await client.Media.PostAsync(new MediaUploadRequest { FileName = "letter.pdf", ContentType = "application/pdf", Content = Pdf },
        config => config.QueryParameters.PurposeAsPostPurposeQueryParameterType = Generated.Media.PostPurposeQueryParameterType.General);
    Report("UploadFile.json", statuses.Last, answer!.ContentType);
});
await Run("UploadFile.multipart", async () =>
{
    var form = new MultipartBody();
    form.AddOrReplacePart("file", "application/pdf", Pdf, "letter.pdf");
    var request = UploadRequest();
    request.SetContentFromParsable(adapter, "multipart/form-data", form);
    var answer = await adapter.SendAsync(request, MediaFile.CreateFromDiscriminatorValue);
    Report("UploadFile.multipart", statuses.Last, answer!.ContentType);
});
await Run("UploadFile.raw", async () =>
{
    var request = UploadRequest(fileName: "letter.pdf");
    request.SetStreamContent(new MemoryStream(Pdf), "application/pdf");
    var answer = await adapter.SendAsync(request, MediaFile.CreateFromDiscriminatorValue);
    Report("UploadFile.raw", statuses.Last, answer!.ContentType);
});
await Run("UploadMedia", async () =>
{
    var answer = await client.Clicksend.Uploads.PostAsync(new UploadMediaRequest { Content = System.Convert.ToBase64String(Pdf) },
        config => config.QueryParameters.ConvertAsPostConvertQueryParameterType = Generated.Clicksend.Uploads.PostConvertQueryParameterType.Fax);
    Report("UploadMedia", statuses.Last, answer!.ResponseCode);
});

await Run("SmsInboundAutomation", async () =>
{
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    var subscribed = await client.Clicksend.Automations.Sms.Inbound.PostAsync(new SmsInboundAutomationRequest { ActionAddress = flowCallback },
        config => config.Options.Add(headers));
    Report("SmsInboundAutomation", statuses.Last, headers.ResponseHeaders.ContainsKey("Location") && subscribed!.InboundRuleId > 0);
    var deleted = await client.Clicksend.Automations.Sms.Inbound[subscribed!.InboundRuleId!.Value].DeleteAsync();
    Report("DeleteSmsInboundAutomation", statuses.Last, deleted!.Deleted);
});

// Where the messages sent above are (polled until final), cancelling what waits for its schedule, and the delivery triggers.
await Run("GetSmsDeliveryStatus", async () =>
{
    var answer = await Poll(() => client.Clicksend.Sms[clickSendMessageId!].DeliveryStatus.GetAsync(), a => a?.Final == true);
    Report("GetSmsDeliveryStatus", statuses.Last, answer!.MessageId == clickSendMessageId ? Wire(answer!.Status) : "message " + answer!.MessageId);
});
await Run("CancelAllScheduledSms", async () =>
{
    // An SMS scheduled an hour ahead with a custom string of its own, so the cancel counts it alone.
    var customString = Key();
    await client.Clicksend.Sms.Send.PostAsync(new SendSmsRequest
    {
        Messages = [new SmsMessage { To = "+61411111111", Body = "Later", CustomString = customString, Schedule = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }],
    }, WithKey());
    var answer = await client.Clicksend.Sms.CancelAll.PutAsync(config => config.QueryParameters.CustomString = customString);
    Report("CancelAllScheduledSms", statuses.Last, answer!.Count);
});
string? receiptSubscriptionId = null;
await Run("SmsDeliveryReceiptAutomation", async () =>
{
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    var subscribed = await client.Clicksend.Automations.Sms.Receipts.PostAsync(new SmsDeliveryReceiptAutomationRequest { ActionAddress = flowCallback },
        config => config.Options.Add(headers));
    receiptSubscriptionId = subscribed!.SubscriptionId;
    Report("SmsDeliveryReceiptAutomation", statuses.Last, headers.ResponseHeaders.ContainsKey("Location") && !string.IsNullOrEmpty(receiptSubscriptionId));
});
await Run("DeleteSmsDeliveryReceiptAutomation", async () =>
{
    var deleted = await client.Clicksend.Automations.Sms.Receipts[receiptSubscriptionId!].DeleteAsync();
    Report("DeleteSmsDeliveryReceiptAutomation", statuses.Last, deleted!.Deleted);
});
await Run("SerwerSmsListDeliveryReports", async () =>
{
    var answer = await client.Serwersms.Messages.Reports.GetAsync(config => config.QueryParameters.UniqueId = serwerSmsUniqueId);
    Report("SerwerSmsListDeliveryReports", statuses.Last, answer!.Items!.Select(i => i.Id).SequenceEqual([serwerSmsMessageId]));
});
await Run("SerwerSmsGetMessageStatus", async () =>
{
    var answer = await Poll(() => client.Serwersms.Messages.Status.GetAsync(config => config.QueryParameters.UniqueId = serwerSmsUniqueId), a => a?.Final == true);
    Report("SerwerSmsGetMessageStatus", statuses.Last, answer!.Id == serwerSmsMessageId ? Wire(answer!.Status) : "message " + answer!.Id);
});
await Run("SerwerSmsCancelScheduledMessage", async () =>
{
    var uniqueId = Key();
    await client.Serwersms.Messages.Send.PostAsync(new SerwerSmsSendSmsRequest
    {
        Phone = ["+48500600700"], Text = "Later", UniqueId = [uniqueId], Date = DateTimeOffset.UtcNow.AddHours(1),
    }, WithKey());
    var answer = await client.Serwersms.Messages.Cancel.PostAsync(new SerwerSmsCancelRequest { UniqueId = [uniqueId] });
    Report("SerwerSmsCancelScheduledMessage", statuses.Last, answer!.Success);
});
await Run("SerwerSmsWhenDeliveryReportArrives", async () =>
{
    // A new flow's first poll notes what is already there and answers 202 with the next poll's URL.
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    await client.Serwersms.Messages.Reports.Trigger.GetAsync(config => config.Options.Add(headers));
    Report("SerwerSmsWhenDeliveryReportArrives", statuses.Last, headers.ResponseHeaders.ContainsKey("Location"));
});

await Run("IdempotentReplay", async () =>
{
    var key = Key();
    var request = new SendSmsRequest { Messages = [new SmsMessage { To = "+61411111111", Body = "Sent once" }] };
    await client.Clicksend.Sms.Send.PostAsync(request, WithKey(key));
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    await client.Clicksend.Sms.Send.PostAsync(request, WithKey(key, headers));
    Report("IdempotentReplay", statuses.Last,
        headers.ResponseHeaders.TryGetValue("Idempotent-Replayed", out var values) && bool.Parse(values.Single()));
});

await Run("ValidationProblem", async () =>
{
    try
    {
        await client.Clicksend.Sms.Send.PostAsync(new SendSmsRequest { Messages = [new SmsMessage { To = "not a number", Body = "Hello" }] });
    }
    catch (HttpValidationProblemDetails e)
    {
        Report("ValidationProblem", e.ResponseStatusCode, e.Errors!.AdditionalData.Keys.ToArray());
    }
});
await Run("ProviderProblem", async () =>
{
    try
    {
        await wrongCredentials.Clicksend.Lists.GetAsync();
    }
    catch (ProblemDetails e)
    {
        Report("ProviderProblem", e.ResponseStatusCode, $"{e.Provider}/{e.ProviderStatus}/{(e.TraceId is null ? "untraced" : "traced")}");
    }
});
await Run("AllRecipientsRejected", async () =>
{
    try
    {
        await client.Clicksend.Sms.Send.PostAsync(new SendSmsRequest { Messages = [new SmsMessage { To = "+61411110000", Body = "Hello" }] });
    }
    catch (ProblemDetails e)
    {
        var first = e.Rejected!.First();
        Report("AllRecipientsRejected", e.ResponseStatusCode, $"{e.Provider}/{first.To}/{first.Status}");
    }
});

// Kiota's own middleware (headers inspection, retries, redirects) over a handler that records each answer's status.
HttpClientRequestAdapter Adapter(string clickSendApiKey) =>
    new(new AnonymousAuthenticationProvider(), httpClient: Credentialed(KiotaClientFactory.Create(new StatusRecorder(statuses)), clickSendApiKey)) { BaseUrl = baseUrl };

// The generated upload request (URL, query, Accept) with its JSON body taken off, for another body to go in.
RequestInformation UploadRequest(string? fileName = null)
{
    var request = client.Media.ToPostRequestInformation(new MediaUploadRequest(), config =>
    {
        config.QueryParameters.PurposeAsPostPurposeQueryParameterType = Generated.Media.PostPurposeQueryParameterType.General;
        config.QueryParameters.FileName = fileName;
    });
    request.Headers.Remove("Content-Type");
    return request;
}

/// <summary>The status of the last answer: Kiota returns only the parsed body of a success.</summary>
internal sealed class StatusLog
{
    public int Last { get; set; }
}

internal sealed class StatusRecorder(StatusLog log) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        log.Last = (int)response.StatusCode;
        return response;
    }
}
