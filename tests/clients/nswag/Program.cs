// Drives the app through the client NSwag generated from the served Swagger 2.0 document (wrapped responses, so the
// answer's headers are readable; exception classes typed by the document's problem schemas).
// Arguments: the app's base URL (ending in /api), the flow callback URL for the trigger. Prints one line per scenario.
using ClientDrivers;
using Generated;
using static ClientDrivers.Scenarios;

var (baseUrl, flowCallback) = (args[0], args[1]);
using var http = Credentialed(new HttpClient());
using var wrongHttp = Credentialed(new HttpClient(), clickSendApiKey: "wrong");
var client = new MessagingClient(http) { BaseUrl = baseUrl };
var wrongCredentials = new MessagingClient(wrongHttp) { BaseUrl = baseUrl };
string Key() => NewKey("nswag");
PostRecipient Address() => new()
{
    Address_name = "Jana Nováková", Address_line_1 = "1 Example Street", Address_city = "Perth", Address_state = "WA",
    Address_postal_code = "6000", Address_country = "AU", Return_address_id = 4,
};

// The messages the delivery-status scenarios look up: the SMS each provider's send below sends.
string? clickSendMessageId = null, serwerSmsMessageId = null;
var serwerSmsUniqueId = Key();

await Run("SendSms", async () =>
{
    var answer = await client.SendSmsAsync(Key(), new SendSmsRequest { Messages = [new SmsMessage { To = "+61411111111", Body = "Hello from NSwag" }] });
    clickSendMessageId = answer.Result.Data.Messages.First().Message_id;
    Report("SendSms", answer.StatusCode, answer.Result.Accepted_count);
});
await Run("SendMms", async () =>
{
    var answer = await client.SendMmsAsync(Key(), new SendMmsRequest
    {
        Media_file = "https://example.com/image.jpg",
        Messages = [new MmsMessage { To = "+61411111111", Subject = "Hello", Body = "Hello" }],
    });
    Report("SendMms", answer.StatusCode, answer.Result.Accepted_count);
});
await Run("SendVoice", async () =>
{
    var answer = await client.SendVoiceAsync(Key(), new SendVoiceRequest
    {
        Messages = [new VoiceMessage { To = "+61411111111", Body = "Hello", Lang = VoiceMessageLang.EnAu, Voice = VoiceMessageVoice.Female }],
    });
    Report("SendVoice", answer.StatusCode, answer.Result.Accepted_count);
});
await Run("SendFax", async () =>
{
    var answer = await client.SendFaxAsync(Key(), new SendFaxRequest { File_url = "https://example.com/fax.pdf", Messages = [new FaxMessage { To = "+61261111111" }] });
    Report("SendFax", answer.StatusCode, answer.Result.Accepted_count);
});
await Run("SendLetter", async () =>
{
    var answer = await client.SendLetterAsync(Key(), new SendLetterRequest
    {
        File_url = "https://example.com/letter.pdf", Colour = SendLetterRequestColour._0, Duplex = SendLetterRequestDuplex._0, Recipients = [Address()],
    });
    Report("SendLetter", answer.StatusCode, answer.Result.Accepted_count);
});
await Run("SendPostcard", async () =>
{
    var answer = await client.SendPostcardAsync(Key(), new SendPostcardRequest { File_urls = ["https://example.com/postcard.pdf"], Recipients = [Address()] });
    Report("SendPostcard", answer.StatusCode, answer.Result.Accepted_count);
});
await Run("SendSmsCampaign", async () =>
{
    var answer = await client.SendSmsCampaignAsync(Key(), new SendSmsCampaignRequest { List_id = 428, Name = "Generated client campaign", Body = "Hello", From = "MyShop" });
    Report("SendSmsCampaign", answer.StatusCode, answer.Result.Response_code);
});
await Run("SerwerSmsSendSms", async () =>
{
    var answer = await client.SerwerSmsSendSmsAsync(Key(), new SerwerSmsSendSmsRequest { Phone = ["+48500600700"], Text = "Hello from NSwag", Unique_id = [serwerSmsUniqueId] });
    serwerSmsMessageId = answer.Result.Items.First().Id;
    Report("SerwerSmsSendSms", answer.StatusCode, answer.Result.Accepted_count);
});

await Run("CreateList", async () =>
{
    var answer = await client.CreateListAsync(new CreateListRequest { List_name = "Generated clients" });
    Report("CreateList", answer.StatusCode, answer.Result.Data.List_name);
});
await Run("GetContactLists", async () =>
{
    var answer = await client.GetContactListsAsync(1, 15);
    Report("GetContactLists", answer.StatusCode, answer.Result.Response_code);
});
await Run("SerwerSmsCreateGroup", async () =>
{
    var answer = await client.SerwerSmsCreateGroupAsync(new SerwerSmsGroupRequest { Name = "Generated clients" });
    Report("SerwerSmsCreateGroup", answer.StatusCode, answer.Result.Success);
});
await Run("SerwerSmsListGroups", async () =>
{
    var answer = await client.SerwerSmsListGroupsAsync("Generated clients", null, null, null, null);
    Report("SerwerSmsListGroups", answer.StatusCode, answer.Result.Items.FirstOrDefault()?.Name);
});
await Run("ClipsanAddOrUpdateLead", async () =>
{
    var answer = await client.ClipsanAddOrUpdateLeadAsync(new ClipsanAddLeadRequest { Email = "generated@example.com", Firstname = "Generated", List = ["news123"] });
    Report("ClipsanAddOrUpdateLead", answer.StatusCode, answer.Result.Result);
});
await Run("ClipsanListLeads", async () =>
{
    var answer = await client.ClipsanListLeadsAsync("news123", null, null);
    Report("ClipsanListLeads", answer.StatusCode, answer.Result.Result);
});

// Swagger 2.0 has one body per operation: the document gives the upload's multipart form (a file parameter).
await Run("UploadFile.multipart", async () =>
{
    var answer = await client.UploadFileAsync(Purpose.General, null, new FileParameter(new MemoryStream(Pdf), "letter.pdf", "application/pdf"));
    Report("UploadFile.multipart", answer.StatusCode, answer.Result.Content_type);
});
await Run("UploadMedia", async () =>
{
    var answer = await client.UploadMediaAsync(Generated.Convert.Fax, new UploadMediaRequest { Content = System.Convert.ToBase64String(Pdf) });
    Report("UploadMedia", answer.StatusCode, answer.Result.Response_code);
});

await Run("SmsInboundAutomation", async () =>
{
    var subscribed = await client.SmsInboundAutomationAsync(new SmsInboundAutomationRequest { Action_address = flowCallback });
    Report("SmsInboundAutomation", subscribed.StatusCode, subscribed.Headers.ContainsKey("Location") && subscribed.Result.Inbound_rule_id > 0);
    var deleted = await client.DeleteSmsInboundAutomationAsync(subscribed.Result.Inbound_rule_id!.Value);
    Report("DeleteSmsInboundAutomation", deleted.StatusCode, deleted.Result.Deleted);
});

// Where the messages sent above are (polled until final), cancelling what waits for its schedule, and the delivery triggers.
await Run("GetSmsDeliveryStatus", async () =>
{
    var answer = await Poll(() => client.GetSmsDeliveryStatusAsync(clickSendMessageId), a => a.Result.Final == true);
    Report("GetSmsDeliveryStatus", answer.StatusCode,
        answer.Result.Message_id == clickSendMessageId ? Wire(answer.Result.Status) : "message " + answer.Result.Message_id);
});
await Run("CancelAllScheduledSms", async () =>
{
    // An SMS scheduled an hour ahead with a custom string of its own, so the cancel counts it alone.
    var customString = Key();
    await client.SendSmsAsync(Key(), new SendSmsRequest
    {
        Messages = [new SmsMessage { To = "+61411111111", Body = "Later", Custom_string = customString, Schedule = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }],
    });
    var answer = await client.CancelAllScheduledSmsAsync(customString);
    Report("CancelAllScheduledSms", answer.StatusCode, answer.Result.Count);
});
string? receiptSubscriptionId = null;
await Run("SmsDeliveryReceiptAutomation", async () =>
{
    var subscribed = await client.SmsDeliveryReceiptAutomationAsync(new SmsDeliveryReceiptAutomationRequest { Action_address = flowCallback });
    receiptSubscriptionId = subscribed.Result.Subscription_id;
    Report("SmsDeliveryReceiptAutomation", subscribed.StatusCode, subscribed.Headers.ContainsKey("Location") && !string.IsNullOrEmpty(receiptSubscriptionId));
});
await Run("DeleteSmsDeliveryReceiptAutomation", async () =>
{
    var deleted = await client.DeleteSmsDeliveryReceiptAutomationAsync(receiptSubscriptionId);
    Report("DeleteSmsDeliveryReceiptAutomation", deleted.StatusCode, deleted.Result.Deleted);
});
await Run("SerwerSmsListDeliveryReports", async () =>
{
    var answer = await client.SerwerSmsListDeliveryReportsAsync(null, null, unique_id: serwerSmsUniqueId, null, null, null, null, null, null, null, null);
    Report("SerwerSmsListDeliveryReports", answer.StatusCode, answer.Result.Items.Select(i => i.Id).SequenceEqual([serwerSmsMessageId]));
});
await Run("SerwerSmsGetMessageStatus", async () =>
{
    var answer = await Poll(() => client.SerwerSmsGetMessageStatusAsync(id: null, unique_id: serwerSmsUniqueId), a => a.Result.Final == true);
    Report("SerwerSmsGetMessageStatus", answer.StatusCode, answer.Result.Id == serwerSmsMessageId ? Wire(answer.Result.Status) : "message " + answer.Result.Id);
});
await Run("SerwerSmsCancelScheduledMessage", async () =>
{
    var uniqueId = Key();
    await client.SerwerSmsSendSmsAsync(Key(), new SerwerSmsSendSmsRequest
    {
        Phone = ["+48500600700"], Text = "Later", Unique_id = [uniqueId], Date = DateTimeOffset.UtcNow.AddHours(1),
    });
    var answer = await client.SerwerSmsCancelScheduledMessageAsync(new SerwerSmsCancelRequest { Unique_id = [uniqueId] });
    Report("SerwerSmsCancelScheduledMessage", answer.StatusCode, answer.Result.Success);
});
await Run("SerwerSmsWhenDeliveryReportArrives", async () =>
{
    // A new flow's first poll notes what is already there and answers 202 with the next poll's URL. NSwag types only the
    // 200 (the reports): the 202, which the document gives no body, comes as an ApiException that still carries the headers.
    try
    {
        var polled = await client.SerwerSmsWhenDeliveryReportArrivesAsync(null, null, null, null);
        Report("SerwerSmsWhenDeliveryReportArrives", polled.StatusCode, polled.Headers.ContainsKey("Location"));
    }
    catch (ApiException e) when (e.StatusCode == 202)
    {
        Report("SerwerSmsWhenDeliveryReportArrives", e.StatusCode, e.Headers.ContainsKey("Location"));
    }
});

await Run("IdempotentReplay", async () =>
{
    var key = Key();
    var request = new SendSmsRequest { Messages = [new SmsMessage { To = "+61411111111", Body = "Sent once" }] };
    await client.SendSmsAsync(key, request);
    var replayed = await client.SendSmsAsync(key, request);
    Report("IdempotentReplay", replayed.StatusCode,
        replayed.Headers.TryGetValue("Idempotent-Replayed", out var values) && bool.Parse(values.Single()));
});

await Run("ValidationProblem", async () =>
{
    try
    {
        await client.SendSmsAsync(null, new SendSmsRequest { Messages = [new SmsMessage { To = "not a number", Body = "Hello" }] });
    }
    catch (ApiException<HttpValidationProblemDetails> e)
    {
        Report("ValidationProblem", e.StatusCode, e.Result.Errors.Keys.ToArray());
    }
});
await Run("ProviderProblem", async () =>
{
    try
    {
        await wrongCredentials.GetContactListsAsync(null, null);
    }
    catch (ApiException<ProblemDetails> e)
    {
        Report("ProviderProblem", e.StatusCode, $"{e.Result.Provider}/{e.Result.ProviderStatus}/{(e.Result.TraceId is null ? "untraced" : "traced")}");
    }
});
await Run("AllRecipientsRejected", async () =>
{
    try
    {
        await client.SendSmsAsync(null, new SendSmsRequest { Messages = [new SmsMessage { To = "+61411110000", Body = "Hello" }] });
    }
    catch (ApiException<ProblemDetails> e)
    {
        var first = e.Result.Rejected.First();
        Report("AllRecipientsRejected", e.StatusCode, $"{e.Result.Provider}/{first.To}/{first.Status}");
    }
});
