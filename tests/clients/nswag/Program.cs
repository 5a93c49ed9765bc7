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

await Run("SendSms", async () =>
{
    var answer = await client.SendSmsAsync(Key(), new SendSmsRequest { Messages = [new SmsMessage { To = "+61411111111", Body = "Hello from NSwag" }] });
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
    var answer = await client.SerwerSmsSendSmsAsync(Key(), new SerwerSmsSendSmsRequest { Phone = ["+48500600700"], Text = "Hello from NSwag" });
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
