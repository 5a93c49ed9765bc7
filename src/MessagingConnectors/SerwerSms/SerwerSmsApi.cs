using System.Globalization;
using System.Text.Json.Nodes;
using MessagingConnectors.Json;
using MessagingConnectors.Hosting;
using MessagingConnectors.Idempotency;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// SerwerSMS actions under <c>/api/serwersms</c>: groups and contacts (HTTPS API v2), and what the
/// certified SerwerSMS connector offers beside them (send SMS, blacklist, group and sender pickers).
/// </summary>
public static class SerwerSmsApi
{
    public const string Tag = "SerwerSMS";

    public static IServiceCollection AddSerwerSms(this IServiceCollection services)
    {
        services.AddOptions<SerwerSmsOptions>().BindConfiguration(SerwerSmsOptions.Section)
            .AddProviderClient<SerwerSmsClient, SerwerSmsOptions>(SerwerSmsOptions.Section);
        services.AddJsonContext(SerwerSmsJsonContext.Default);
        services.AddSingleton<ReportLedger>();
        return services;
    }

    public static IEndpointRouteBuilder MapSerwerSmsApi(this IEndpointRouteBuilder app)
    {
        // SerwerSMS refuses a send over an account limit with 402 (SerwerSmsClient.FromError).
        var group = app.MapGroup("/api/serwersms").WithTags(Tag).ProducesProviderProblems(StatusCodes.Status402PaymentRequired);
        group.MapSerwerSmsReceived();
        group.MapSerwerSmsDelivery();

        group.MapGet("/groups", ListGroups)
            .Validates<SerwerSmsListQuery>()
            .Validates<SerwerSmsGroupSort>()
            .Validates<SerwerSmsPageQuery>()
            .WithName("SerwerSmsListGroups")
            .WithSummary("List groups")
            .WithDescription("Lists the account's contact groups with the number of contacts in each, optionally filtered by a " +
                             "search phrase, sorted and paged.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapPost("/groups", CreateGroup)
            .WithName("SerwerSmsCreateGroup")
            .WithSummary("Create group")
            .WithDescription("Creates a contact group. The name may have up to 100 characters. The answer holds the new group's ID.")
            .Validates<SerwerSmsGroupRequest>();

        group.MapGet("/groups/{id}", GetGroup)
            .WithName("SerwerSmsGetGroup")
            .WithSummary("Get group")
            .WithDescription("Returns one contact group with its name and number of contacts.")
            .ProducesValidationProblem();

        group.MapPut("/groups/{id}", RenameGroup)
            .WithName("SerwerSmsRenameGroup")
            .WithSummary("Rename group")
            .WithDescription("Gives an existing contact group a new name of up to 100 characters. Its contacts stay in it.")
            .Validates<SerwerSmsGroupRequest>();

        group.MapDelete("/groups/{id}", DeleteGroup)
            .WithName("SerwerSmsDeleteGroup")
            .WithSummary("Delete group")
            .WithDescription("Deletes a contact group. Its contacts are kept unless delete_contacts is true, which deletes them too.")
            .ProducesValidationProblem();

        group.MapGet("/groups/check", CheckPhoneGroups)
            .Validates<SerwerSmsPhoneQuery>()
            .WithName("SerwerSmsCheckPhoneGroups")
            .WithSummary("Get groups of a phone number")
            .WithDescription("Lists every contact group that holds the given phone number, with the contact's ID in each.")
            .ProducesValidationProblem();

        group.MapGet("/groups/picker", GroupPicker)
            .WithName("SerwerSmsGroupPicker")
            .WithSummary("Group picker")
            .WithDescription("Lists every contact group as an ID and a title, sorted by name, for choosing a group in a flow designer.")
            .WithVisibility(Visibility.Internal);

        group.MapGet("/contacts", ListContacts)
            .Validates<SerwerSmsContactFilter>()
            .Validates<SerwerSmsListQuery>()
            .Validates<SerwerSmsPageQuery>()
            .WithName("SerwerSmsListContacts")
            .WithSummary("List contacts")
            .WithDescription("Lists contacts, all of them or those of one group (group_id none lists contacts in no group), " +
                             "optionally filtered by a search phrase, sorted by a column and paged.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapPost("/contacts", CreateContact)
            .WithName("SerwerSmsCreateContact")
            .WithSummary("Create contact")
            .WithDescription("Adds a contact to one or more groups. The phone number is required; a Polish number without +48 " +
                             "gets it. Every other field holds up to 255 characters. The answer holds the new contact's ID.")
            .Validates<SerwerSmsContactRequest>()
            .WithVisibility(Visibility.Important);

        group.MapPost("/contacts/import", ImportContacts)
            .WithName("SerwerSmsImportContacts")
            .WithSummary("Import contacts")
            .WithDescription("Imports a list of contacts into the named group, creating the group when it does not exist. " +
                             "The answer counts the contacts imported and those that failed.")
            .Validates<SerwerSmsImportRequest>();

        group.MapGet("/contacts/{id}", GetContact)
            .WithName("SerwerSmsGetContact")
            .WithSummary("Get contact")
            .WithDescription("Returns one contact with all its fields and whether its number is blacklisted.")
            .ProducesValidationProblem();

        group.MapPut("/contacts/{id}", EditContact)
            .WithName("SerwerSmsEditContact")
            .WithSummary("Edit contact")
            .WithDescription("Changes the fields given and keeps every other field and the contact's groups as they are: SerwerSMS replaces " +
                             "a whole contact on edit, so the current contact is read first and the given fields are merged into it.")
            .Validates<SerwerSmsContactChanges>();

        group.MapDelete("/contacts/{id}", DeleteContact)
            .WithName("SerwerSmsDeleteContact")
            .WithSummary("Delete contact")
            .WithDescription("Deletes a contact from the account, and so from every group it was in.")
            .ProducesValidationProblem();

        group.MapPost("/messages/send", SendSms)
            .WithName("SerwerSmsSendSms")
            .WithSummary("Send SMS")
            .WithDescription("Sends one text to phone numbers or to every contact of groups through SerwerSMS, with an optional " +
                             "sender name, Unicode, flash, test mode and schedule. The answer gives every recipient its own " +
                             "status and counts the accepted and rejected ones. Safe to retry with the same Idempotency-Key, " +
                             "or from a Logic Apps or Power Automate run.")
            .Validates<SerwerSmsSendSmsRequest>()
            .SendsOnce<SerwerSmsSendSmsRequest>(Scope)
            .WithVisibility(Visibility.Important)
            .ProducesProblem(StatusCodes.Status402PaymentRequired);

        group.MapPost("/blacklist", AddToBlacklist)
            .WithName("SerwerSmsAddToBlacklist")
            .WithSummary("Add to blacklist")
            .WithDescription("Puts a phone number on the account's blacklist, so SerwerSMS sends it no more messages.")
            .Validates<SerwerSmsBlacklistRequest>()
            .WithVisibility(Visibility.Important);

        group.MapGet("/senders", SenderPicker)
            .WithName("SerwerSmsSenderPicker")
            .WithSummary("Sender picker")
            .WithDescription("Lists the account's sender names that can be used (authorised ones, and predefined ones when asked), " +
                             "as an ID and a title, for choosing a sender in a flow designer.")
            .WithVisibility(Visibility.Internal);

        return app;
    }

    private static string Scope(HttpContext context) => SerwerSmsAccount.Resolve(context).Scope;

    internal static async Task<Ok<SerwerSmsGroupList>> ListGroups(
        [AsParameters] SerwerSmsListQuery query, [AsParameters] SerwerSmsGroupSort sort, [AsParameters] SerwerSmsPageQuery paging,
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ListGroupsAsync(account, query.ToListing(sort.Sort, paging), cancellationToken));

    internal static async Task<Ok<SerwerSmsWriteResult>> CreateGroup(
        SerwerSmsGroupRequest request, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.AddGroupAsync(account, request.Name!, cancellationToken));

    internal static async Task<Ok<SerwerSmsGroup>> GetGroup(
        [DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "ID of the group.", Example = 17293000)] long id, SerwerSmsAccount account, SerwerSmsClient client,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ViewGroupAsync(account, id, cancellationToken));

    internal static async Task<Ok<SerwerSmsWriteResult>> RenameGroup(
        [DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "ID of the group.", Example = 17293000)] long id, SerwerSmsGroupRequest request,
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.EditGroupAsync(account, id, request.Name!, cancellationToken));

    internal static async Task<Ok<SerwerSmsWriteResult>> DeleteGroup(
        [DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "ID of the group.", Example = 17293000)] long id,
        [FromQuery(Name = "delete_contacts")][ApiField("Delete Contacts", "true also deletes every contact of the group.", Example = false)] bool? deleteContacts,
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.DeleteGroupAsync(account, id, deleteContacts, cancellationToken));

    internal static async Task<Ok<SerwerSmsPhoneGroupList>> CheckPhoneGroups(
        [AsParameters] SerwerSmsPhoneQuery query, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CheckPhoneGroupsAsync(account, query.NormalizedPhone, cancellationToken));

    internal static async Task<Ok<List<SerwerSmsGroupOption>>> GroupPicker(
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var groups = await client.ListGroupsAsync(account, new SerwerSmsListing(null, "name", "asc", default), cancellationToken);
        return TypedResults.Ok(groups.Items.Where(g => g.Id is not null)
            .Select(g => new SerwerSmsGroupOption(g.Id!.Value, g.Name ?? g.Id.Value.ToString(CultureInfo.InvariantCulture))).ToList());
    }

    internal static async Task<Ok<SerwerSmsContactList>> ListContacts(
        [AsParameters] SerwerSmsContactFilter selection, [AsParameters] SerwerSmsListQuery query, [AsParameters] SerwerSmsPageQuery paging,
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ListContactsAsync(account, selection.Group, query.ToListing(selection.Sort, paging), cancellationToken));

    internal static async Task<Ok<SerwerSmsWriteResult>> CreateContact(
        SerwerSmsContactRequest request, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.AddContactAsync(account, request.ToFields(), cancellationToken));

    internal static async Task<Ok<SerwerSmsContact>> GetContact(
        [ApiField("Contact ID", "ID of the contact.", Example = 228173000)] long id, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ViewContactAsync(account, id, cancellationToken));

    /// <summary>
    /// SerwerSMS's <c>contacts/edit</c> replaces the whole contact, so a caller changing one field would wipe the rest:
    /// the contact is read (<c>contacts/view</c>), and when no groups are given, its groups too (<c>groups/check</c> by
    /// phone lists every group of every contact with that number; <c>contacts/view</c> names only one), then the given
    /// fields are merged in and the whole contact is written.
    /// </summary>
    internal static async Task<Ok<SerwerSmsWriteResult>> EditContact(
        [ApiField("Contact ID", "ID of the contact.", Example = 228173000)] long id, SerwerSmsContactChanges request, SerwerSmsAccount account, SerwerSmsClient client,
        CancellationToken cancellationToken)
    {
        var current = await client.ViewContactAsync(account, id, cancellationToken);
        IReadOnlyList<long>? groups = request.GroupId;
        if (groups is null && !string.IsNullOrEmpty(current.Phone))
        {
            var memberships = await client.CheckPhoneGroupsAsync(account, current.Phone, cancellationToken);
            groups = memberships.Items.Where(m => m.Id == id && m.GroupId is not null).Select(m => m.GroupId!.Value).Distinct().ToList();
        }

        var merged = new SerwerSmsContactFields
        {
            GroupIds = groups,
            Phone = request.NormalizedPhone ?? current.Phone,
            Email = request.Email ?? current.Email,
            FirstName = request.FirstName ?? current.FirstName,
            LastName = request.LastName ?? current.LastName,
            Company = request.Company ?? current.Company,
            TaxId = request.TaxId ?? current.TaxId,
            Address = request.Address ?? current.Address,
            City = request.City ?? current.City,
            Description = request.Description ?? current.Description,
        };
        return TypedResults.Ok(await client.EditContactAsync(account, id, merged, cancellationToken));
    }

    internal static async Task<Ok<SerwerSmsWriteResult>> DeleteContact(
        [ApiField("Contact ID", "ID of the contact.", Example = 228173000)] long id, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.DeleteContactAsync(account, id, cancellationToken));

    internal static async Task<Ok<SerwerSmsImportResult>> ImportContacts(
        SerwerSmsImportRequest request, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.ImportContactsAsync(account, request.GroupName!, request.Contact!.Select(contact => new SerwerSmsContactFields
        {
            Phone = contact.NormalizedPhone,
            Email = contact.Email,
            FirstName = contact.FirstName,
            LastName = contact.LastName,
            Company = contact.Company,
        }), cancellationToken));

    internal static async Task<Results<Ok<SerwerSmsSendSmsResponse>, ProblemHttpResult>> SendSms(
        SerwerSmsSendSmsRequest request, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendSmsAsync(account, request, cancellationToken);
        var items = response.Items ?? [];
        // Whether SerwerSMS echoes unique_id on each item is not documented; where it does not, the items come in the
        // order of the numbers sent, and the ids given were paired with those numbers in that order.
        if (request.UniqueId is { Count: > 0 } uniqueIds)
        {
            for (var i = 0; i < items.Count; i++)
            {
                items[i].UniqueId ??= uniqueIds.Count == 1 ? uniqueIds[0] : i < uniqueIds.Count ? uniqueIds[i] : null;
            }
        }

        if (items.Count > 0)
        {
            response.AcceptedCount = items.Count(i => string.Equals(i.Status, SerwerSmsMessageResult.Queued, StringComparison.OrdinalIgnoreCase));
            response.RejectedCount = items.Count - response.AcceptedCount;
        }
        else
        {
            response.AcceptedCount = (int)(response.Queued ?? 0);
            response.RejectedCount = (int)(response.Unsent ?? 0);
        }

        if (response.AcceptedCount == 0 && response.RejectedCount > 0)
        {
            return SendProblems.AllRejected(SerwerSmsClient.Provider, response.RejectedCount,
                items.Select(i => new RejectedRecipient(i.Phone, i.ErrorMessage ?? i.Status)).ToArray());
        }

        return TypedResults.Ok(response);
    }

    internal static async Task<Ok<SerwerSmsWriteResult>> AddToBlacklist(
        SerwerSmsBlacklistRequest request, SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.AddToBlacklistAsync(account, request.NormalizedPhone!, cancellationToken));

    internal static async Task<Ok<List<SerwerSmsSenderOption>>> SenderPicker(
        [ApiField("Predefined", "true also lists SerwerSMS's predefined sender names.", Example = true)] bool? predefined,
        SerwerSmsAccount account, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var senders = await client.ListSendersAsync(account, predefined, cancellationToken);
        return TypedResults.Ok(senders.Items
            .Where(s => !string.IsNullOrEmpty(s.Name) && (s.Status is null || string.Equals(s.Status, "authorized", StringComparison.OrdinalIgnoreCase)))
            .Select(s => new SerwerSmsSenderOption(s.Name!, s.Name!)).ToList());
    }
}
