using MessagingConnectors.Json;
using MessagingConnectors.Hosting;
using MessagingConnectors.Idempotency;
using MessagingConnectors.Media;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.ClickSend;

/// <summary>ClickSend actions under <c>/api/clicksend</c>, with the published connector's paths and field names.</summary>
public static class ClickSendApi
{
    public const string Tag = "ClickSend";

    /// <summary>Pages of 100 read by Get all contacts in a list before it stops and says the result is incomplete.</summary>
    internal const int MaxPagesPerCall = 100;

    public static IServiceCollection AddClickSend(this IServiceCollection services)
    {
        services.AddOptions<ClickSendOptions>().BindConfiguration(ClickSendOptions.Section)
            .AddProviderClient<ClickSendClient, ClickSendOptions>(ClickSendOptions.Section);
        services.AddJsonContext(ClickSendJson.Default);
        return services;
    }

    public static IEndpointRouteBuilder MapClickSendApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clicksend").WithTags(Tag).ProducesProviderProblems();

        group.MapPost("/sms/send", SendSms)
            .WithName("SendSms")
            .WithSummary("Send SMS")
            .WithDescription("Sends one or more SMS messages through ClickSend. Up to 160 GSM-7 characters (70 Unicode) are one SMS part; " +
                             "a longer message is split into parts of 153 (67 Unicode), up to 8 parts (1,224 GSM-7 or 536 Unicode characters). The answer gives every " +
                             "message its own status and counts the accepted and rejected ones. Safe to retry with the same " +
                             "Idempotency-Key, or from a Logic Apps or Power Automate run.")
            .Validates<SendSmsRequest>()
            .SendsOnce<SendSmsRequest>(ClickSendScope)
            .WithVisibility(Visibility.Important);

        group.MapPost("/mms/send", SendMms)
            .WithName("SendMms")
            .WithSummary("Send MMS")
            .WithDescription("Sends an image with a subject and text to one or more mobile numbers. The image is a JPG or GIF of at most 250 kB; " +
                             "convert other formats with Convert media file format first.")
            .ChecksFiles<SendMmsRequest>(MediaPurpose.Mms.JsonBodyLimit(1))
            .Validates<SendMmsRequest>()
            .SendsOnce<SendMmsRequest>(ClickSendScope)
            .StagesFiles<SendMmsRequest>()
            .WithVisibility(Visibility.Important);

        group.MapPost("/voice/send", SendVoice)
            .WithName("SendVoice")
            .WithSummary("Send voice message")
            .WithDescription("Calls one or more numbers and speaks the text in the chosen language and voice. Every 300 characters are one voice message; up to 1,200 characters.")
            .Validates<SendVoiceRequest>()
            .SendsOnce<SendVoiceRequest>(ClickSendScope)
            .WithVisibility(Visibility.Important);

        group.MapPost("/fax/send", SendFax)
            .WithName("SendFax")
            .WithSummary("Send fax")
            .WithDescription("Faxes a PDF to one or more fax numbers in E.164 form.")
            .ChecksFiles<SendFaxRequest>(MediaPurpose.Fax.JsonBodyLimit(1))
            .Validates<SendFaxRequest>()
            .SendsOnce<SendFaxRequest>(ClickSendScope)
            .StagesFiles<SendFaxRequest>()
            .WithVisibility(Visibility.Important);

        group.MapPost("/post/letters/send", SendLetter)
            .WithName("SendLetter")
            .WithSummary("Send letter")
            .WithDescription("Prints a PDF and posts it as a letter to one or more addresses. ClickSend no longer offers post to new accounts; " +
                             "their refusal is returned as a 403 problem.")
            .ChecksFiles<SendLetterRequest>(MediaPurpose.Letter.JsonBodyLimit(1))
            .Validates<SendLetterRequest>()
            .SendsOnce<SendLetterRequest>(ClickSendScope)
            .StagesFiles<SendLetterRequest>()
            .WithVisibility(Visibility.Important);

        group.MapPost("/post/postcards/send", SendPostcard)
            .WithName("SendPostcard")
            .WithSummary("Send postcard")
            .WithDescription("Prints one or two PDF pages as an A5 postcard and posts it to one or more addresses. ClickSend no longer offers post to new " +
                             "accounts; their refusal is returned as a 403 problem.")
            .ChecksFiles<SendPostcardRequest>(MediaPurpose.Postcard.JsonBodyLimit(2))
            .Validates<SendPostcardRequest>()
            .SendsOnce<SendPostcardRequest>(ClickSendScope)
            .StagesFiles<SendPostcardRequest>()
            .WithVisibility(Visibility.Important);

        group.MapPost("/sms-campaigns/send", SendSmsCampaign)
            .WithName("SendSmsCampaign")
            .WithSummary("Send SMS campaign")
            .WithDescription("Sends one SMS text to every contact of a list as a campaign, with per-contact placeholders filled in.")
            .Validates<SendSmsCampaignRequest>()
            .SendsOnce<SendSmsCampaignRequest>(ClickSendScope)
            .WithVisibility(Visibility.Important);

        group.MapPost("/uploads", UploadMedia)
            .WithName("UploadMedia")
            .WithSummary("Convert media file format")
            .WithDescription("Uploads a file and converts it for fax, MMS, CSV import, letter or postcard. The answer's URL is valid for 10 minutes.")
            .Validates<ClickSendConversionQuery>()
            .Validates<UploadMediaRequest>()
            .WithBodySizeLimit(MediaPurpose.ConvertFax.JsonBodyLimit())
            .UsesStorage()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithVisibility(Visibility.Advanced);

        group.MapPost("/lists", CreateList)
            .WithName("CreateList")
            .WithSummary("Create contact list")
            .WithDescription("Creates a new, empty contact list in ClickSend and returns its ID.")
            .Validates<CreateListRequest>()
            .WithVisibility(Visibility.Advanced);

        group.MapGet("/lists", GetContactLists)
            .Validates<ClickSendPageQuery>()
            .WithName("GetContactLists")
            .WithSummary("Get contact lists")
            .WithDescription("Returns one page of the account's contact lists with their contact counts.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapDelete("/lists/{list_id}", DeleteList)
            .WithName("DeleteList")
            .WithSummary("Delete list")
            .WithDescription("Deletes a contact list and every contact in it.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem();

        group.MapGet("/search/contacts-lists", SearchContactList)
            .Validates<ClickSendListSearchQuery>()
            .Validates<ClickSendPageQuery>()
            .WithName("SearchContactList")
            .WithSummary("Search contact lists")
            .WithDescription("Finds contact lists whose name matches the query, one page at a time.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem();

        group.MapPost("/lists/{list_id}/contacts", CreateListContact)
            .WithName("CreateListContact")
            .WithSummary("Create contact")
            .WithDescription("Adds a contact to a list. ClickSend needs at least one of phone number, email and fax number.")
            .Validates<CreateContactRequest>()
            .WithVisibility(Visibility.Important);

        group.MapGet("/lists/{list_id}/contacts", ViewListContacts)
            .Validates<ClickSendPageQuery>()
            .WithName("ViewListContacts")
            .WithSummary("Get contacts in a list")
            .WithDescription("Returns one page of the contacts in a list; use page and limit to move through it.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapGet("/lists/{list_id}/contacts/all", ViewAllListContacts)
            .WithName("ViewAllListContacts")
            .WithSummary("Get all contacts in a list")
            .WithDescription($"Reads every page of a list's contacts and returns them as one array, up to {MaxPagesPerCall * ClickSendPageQuery.MaxLimit} contacts per call.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem();

        group.MapDelete("/lists/{list_id}/contacts/{contact_id}", DeleteListContact)
            .WithName("DeleteListContact")
            .WithSummary("Delete contact")
            .WithDescription("Deletes one contact from a list.")
            .WithVisibility(Visibility.Advanced)
            .ProducesValidationProblem();

        group.MapGet("/countries", GetCountries)
            .WithName("GetCountries")
            .WithSummary("Get countries")
            .WithDescription("Lists the countries ClickSend knows, for the country pickers of other actions.")
            .WithVisibility(Visibility.Internal);

        group.MapGet("/voice/lang", GetVoiceLanguages)
            .WithName("GetVoiceLanguages")
            .WithSummary("Get voice languages")
            .WithDescription("Lists the languages and voices of voice messages, for the language picker of Send voice message.")
            .WithVisibility(Visibility.Internal);

        group.MapGet("/post/return-addresses", GetReturnAddresses)
            .Validates<ClickSendPageQuery>()
            .WithName("GetReturnAddresses")
            .WithSummary("Get return addresses")
            .WithDescription("Lists the account's return addresses, for the return address picker of letters and postcards.")
            .WithVisibility(Visibility.Internal)
            .ProducesValidationProblem();

        return app;
    }

    internal static string ClickSendScope(HttpContext context) => ClickSendAccount.Resolve(context).Username;

    internal static async Task<Results<Ok<SendSmsResponse>, ProblemHttpResult>> SendSms(
        SendSmsRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var envelope = await clickSend.SendSmsAsync(account, request, cancellationToken);
        var response = new SendSmsResponse
        {
            PartCounts = request.Messages!.Select(m => new SmsPartCount(
                m.NormalizedTo ?? $"list:{m.ListId}", m.Segmentation.Encoding, m.Segmentation.Units, m.Segmentation.Parts)).ToList(),
        };
        return SendOutcome.Answer(envelope, envelope.Data?.Messages, response);
    }

    internal static async Task<Results<Ok<MessageSendResponse>, ProblemHttpResult>> SendMms(
        SendMmsRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var envelope = await clickSend.SendMmsAsync(account, request, cancellationToken);
        return SendOutcome.Answer(envelope, envelope.Data?.Messages, new MessageSendResponse());
    }

    internal static async Task<Results<Ok<MessageSendResponse>, ProblemHttpResult>> SendVoice(
        SendVoiceRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var envelope = await clickSend.SendVoiceAsync(account, request, cancellationToken);
        return SendOutcome.Answer(envelope, envelope.Data?.Messages, new MessageSendResponse());
    }

    internal static async Task<Results<Ok<MessageSendResponse>, ProblemHttpResult>> SendFax(
        SendFaxRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var envelope = await clickSend.SendFaxAsync(account, request, cancellationToken);
        return SendOutcome.Answer(envelope, envelope.Data?.Messages, new MessageSendResponse());
    }

    internal static async Task<Results<Ok<PostSendResponse>, ProblemHttpResult>> SendLetter(
        SendLetterRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var envelope = await PostRefusal.Explain(() => clickSend.SendLetterAsync(account, request, cancellationToken));
        return SendOutcome.Answer(envelope, envelope.Data?.Recipients, new PostSendResponse());
    }

    internal static async Task<Results<Ok<PostSendResponse>, ProblemHttpResult>> SendPostcard(
        SendPostcardRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var envelope = await PostRefusal.Explain(() => clickSend.SendPostcardAsync(account, request, cancellationToken));
        return SendOutcome.Answer(envelope, envelope.Data?.Recipients, new PostSendResponse());
    }

    internal static async Task<Ok<ClickSendEnvelope<SmsCampaign>>> SendSmsCampaign(
        SendSmsCampaignRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clickSend.SendSmsCampaignAsync(account, request, cancellationToken));

    internal static async Task<Results<Ok<ClickSendEnvelope<UploadedMedia>>, ProblemHttpResult>> UploadMedia(
        [AsParameters] ClickSendConversionQuery conversion, UploadMediaRequest request, ClickSendAccount account, ClickSendClient clickSend,
        FileStaging files, MediaStore media, CancellationToken cancellationToken)
    {
        var convert = conversion.Convert!;

        // ClickSend converts content, so a media ID is read back and sent as base64, like inline content.
        var purpose = MediaPurpose.ForConversion(convert!);
        var content = request.Content!;
        if (content.MediaId is not null)
        {
            var (stored, refusal) = await files.LookUpAsync(new FileField("content", content, purpose), cancellationToken);
            if (refusal is { } refused)
            {
                return FileChecks.Refuse([refused]);
            }

            content.Content = await media.ReadAsync(stored!, cancellationToken);
        }
        else if (FileChecks.Problem([new FileField("content", content, purpose)]) is { } problem)
        {
            return problem;
        }

        content.WriteContent = true;

        return TypedResults.Ok(await clickSend.UploadMediaAsync(account, convert, request, cancellationToken));
    }

    internal static async Task<Ok<ClickSendEnvelope<ContactList>>> CreateList(
        CreateListRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clickSend.CreateListAsync(account, request, cancellationToken));

    internal static async Task<Ok<ClickSendEnvelope<ClickSendPage<ContactList>>>> GetContactLists(
        [AsParameters] ClickSendPageQuery paging,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clickSend.GetListsAsync(account, paging.ToPaging(), cancellationToken));
    }

    internal static async Task<Ok<ClickSendStatus>> DeleteList(
        [FromRoute(Name = "list_id"), DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name"), ApiField("List ID", "The contact list to delete.", Visibility = Visibility.Important, Example = 428)] long listId,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clickSend.DeleteListAsync(account, listId, cancellationToken));
    }

    internal static async Task<Ok<ClickSendEnvelope<ClickSendPage<ContactListMatch>>>> SearchContactList(
        [AsParameters] ClickSendListSearchQuery search, [AsParameters] ClickSendPageQuery paging,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clickSend.SearchListsAsync(account, search.Q!, paging.ToPaging(), cancellationToken));

    internal static async Task<Ok<ClickSendEnvelope<Contact>>> CreateListContact(
        [FromRoute(Name = "list_id"), DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name"), ApiField("List ID", "The list to add the contact to.", Visibility = Visibility.Important, Example = 428)] long listId,
        CreateContactRequest request, ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clickSend.CreateContactAsync(account, listId, request, cancellationToken));
    }

    internal static async Task<Ok<ClickSendEnvelope<ClickSendPage<Contact>>>> ViewListContacts(
        [FromRoute(Name = "list_id"), DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name"), ApiField("List ID", "The contact list.", Visibility = Visibility.Important, Example = 428)] long listId,
        [AsParameters] ClickSendPageQuery paging,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clickSend.GetContactsAsync(account, listId, paging.ToPaging(), cancellationToken));
    }

    internal static async Task<Ok<AllContacts>> ViewAllListContacts(
        [FromRoute(Name = "list_id"), DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name"), ApiField("List ID", "The contact list.", Visibility = Visibility.Important, Example = 428)] long listId,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        var all = new AllContacts { ListId = listId };
        for (var page = 1; page <= MaxPagesPerCall; page++)
        {
            var envelope = await clickSend.GetContactsAsync(account, listId, new Paging(page, ClickSendPageQuery.MaxLimit), cancellationToken);
            all.Pages = page;
            all.Contacts.AddRange(envelope.Data?.Data ?? []);
            if (envelope.Data?.Data is not { Count: > 0 } || (envelope.Data.LastPage ?? 0) <= page)
            {
                all.Complete = true;
                break;
            }
        }

        all.Total = all.Contacts.Count;
        return TypedResults.Ok(all);
    }

    internal static async Task<Ok<ClickSendStatus>> DeleteListContact(
        [FromRoute(Name = "list_id"), DynamicValues("GetContactLists", ValueCollection = "data/data", ValuePath = "list_id", ValueTitle = "list_name"), ApiField("List ID", "The contact's list.", Visibility = Visibility.Important, Example = 428)] long listId,
        [FromRoute(Name = "contact_id"), ApiField("Contact ID", "The contact to delete.", Visibility = Visibility.Important, Example = 1)] long contactId,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clickSend.DeleteContactAsync(account, listId, contactId, cancellationToken));
    }

    internal static async Task<Ok<ClickSendEnvelope<List<Country>>>> GetCountries(ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clickSend.GetCountriesAsync(account, cancellationToken));

    internal static async Task<Ok<ClickSendEnvelope<List<VoiceLanguage>>>> GetVoiceLanguages(ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clickSend.GetVoiceLanguagesAsync(account, cancellationToken));

    internal static async Task<Ok<ClickSendEnvelope<ClickSendPage<ReturnAddress>>>> GetReturnAddresses(
        [AsParameters] ClickSendPageQuery paging,
        ClickSendAccount account, ClickSendClient clickSend, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clickSend.GetReturnAddressesAsync(account, paging.ToPaging(), cancellationToken));
    }
}
