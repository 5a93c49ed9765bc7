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
        return services;
    }

    public static IEndpointRouteBuilder MapSerwerSmsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/serwersms").WithTags(Tag);
        group.MapSerwerSmsReceived();

        group.MapGet("/groups", ListGroups)
            .WithName("SerwerSmsListGroups")
            .WithSummary("List groups")
            .WithDescription("Lists the account's contact groups with the number of contacts in each, optionally filtered by a " +
                             "search phrase, sorted and paged.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem()
            .ProducesProviderProblems();

        group.MapPost("/groups", CreateGroup)
            .WithName("SerwerSmsCreateGroup")
            .WithSummary("Create group")
            .WithDescription("Creates a contact group. The name may have up to 100 characters. The answer holds the new group's ID.")
            .Validates<SerwerSmsGroupRequest>()
            .ProducesProviderProblems();

        group.MapGet("/groups/{id:long}", GetGroup)
            .WithName("SerwerSmsGetGroup")
            .WithSummary("Get group")
            .WithDescription("Returns one contact group with its name and number of contacts.")
            .ProducesValidationProblem()
            .ProducesProviderProblems();

        group.MapPut("/groups/{id:long}", RenameGroup)
            .WithName("SerwerSmsRenameGroup")
            .WithSummary("Rename group")
            .WithDescription("Gives an existing contact group a new name of up to 100 characters. Its contacts stay in it.")
            .Validates<SerwerSmsGroupRequest>()
            .ProducesProviderProblems();

        group.MapDelete("/groups/{id:long}", DeleteGroup)
            .WithName("SerwerSmsDeleteGroup")
            .WithSummary("Delete group")
            .WithDescription("Deletes a contact group. Its contacts are kept unless delete_contacts is true, which deletes them too.")
            .ProducesValidationProblem()
            .ProducesProviderProblems();

        group.MapGet("/groups/check", CheckPhoneGroups)
            .WithName("SerwerSmsCheckPhoneGroups")
            .WithSummary("Get groups of a phone number")
            .WithDescription("Lists every contact group that holds the given phone number, with the contact's ID in each.")
            .ProducesValidationProblem()
            .ProducesProviderProblems();

        group.MapGet("/groups/picker", GroupPicker)
            .WithName("SerwerSmsGroupPicker")
            .WithSummary("Group picker")
            .WithDescription("Lists every contact group as an ID and a title, sorted by name, for choosing a group in a flow designer.")
            .WithVisibility(Visibility.Internal)
            .ProducesProviderProblems();

        group.MapGet("/contacts", ListContacts)
            .WithName("SerwerSmsListContacts")
            .WithSummary("List contacts")
            .WithDescription("Lists contacts, all of them or those of one group (group_id none lists contacts in no group), " +
                             "optionally filtered by a search phrase, sorted by a column and paged.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem()
            .ProducesProviderProblems();

        group.MapPost("/contacts", CreateContact)
            .WithName("SerwerSmsCreateContact")
            .WithSummary("Create contact")
            .WithDescription("Adds a contact to one or more groups. The phone number is required; a Polish number without +48 " +
                             "gets it. Every other field holds up to 255 characters. The answer holds the new contact's ID.")
            .Validates<SerwerSmsContactRequest>()
            .WithVisibility(Visibility.Important)
            .ProducesProviderProblems();

        group.MapPost("/contacts/import", ImportContacts)
            .WithName("SerwerSmsImportContacts")
            .WithSummary("Import contacts")
            .WithDescription("Imports a list of contacts into the named group, creating the group when it does not exist. " +
                             "The answer counts the contacts imported and those that failed.")
            .Validates<SerwerSmsImportRequest>()
            .ProducesProviderProblems();

        group.MapGet("/contacts/{id:long}", GetContact)
            .WithName("SerwerSmsGetContact")
            .WithSummary("Get contact")
            .WithDescription("Returns one contact with all its fields and whether its number is blacklisted.")
            .ProducesValidationProblem()
            .ProducesProviderProblems();

        group.MapPut("/contacts/{id:long}", EditContact)
            .WithName("SerwerSmsEditContact")
            .WithSummary("Edit contact")
            .WithDescription("Changes the fields given and keeps every other field and the contact's groups as they are: SerwerSMS replaces " +
                             "a whole contact on edit, so the current contact is read first and the given fields are merged into it.")
            .Validates<SerwerSmsContactChanges>()
            .ProducesProviderProblems();

        group.MapDelete("/contacts/{id:long}", DeleteContact)
            .WithName("SerwerSmsDeleteContact")
            .WithSummary("Delete contact")
            .WithDescription("Deletes a contact from the account, and so from every group it was in.")
            .ProducesValidationProblem()
            .ProducesProviderProblems();

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
            .ProducesProviderProblems()
            .ProducesProblem(StatusCodes.Status402PaymentRequired);

        group.MapPost("/blacklist", AddToBlacklist)
            .WithName("SerwerSmsAddToBlacklist")
            .WithSummary("Add to blacklist")
            .WithDescription("Puts a phone number on the account's blacklist, so SerwerSMS sends it no more messages.")
            .Validates<SerwerSmsBlacklistRequest>()
            .WithVisibility(Visibility.Important)
            .ProducesProviderProblems();

        group.MapGet("/senders", SenderPicker)
            .WithName("SerwerSmsSenderPicker")
            .WithSummary("Sender picker")
            .WithDescription("Lists the account's sender names that can be used (authorised ones, and predefined ones when asked), " +
                             "as an ID and a title, for choosing a sender in a flow designer.")
            .WithVisibility(Visibility.Internal)
            .ProducesProviderProblems();

        return app;
    }

    private static string Scope(HttpContext context) => SerwerSmsAccount.Resolve(context).Scope;

    internal static async Task<Results<Ok<SerwerSmsGroupList>, ProblemHttpResult>> ListGroups(
        [ApiField("Search", "Only groups whose name holds this phrase.")] string? search,
        [ApiField("Sort", "Sort by: name.")] string? sort,
        [ApiField("Order", "asc or desc.")] string? order,
        [ApiField("Page", "Page number, from 1.")] string? page,
        [ApiField("Limit", "Groups per page.")] string? limit,
        HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var body = Listing(errors, search, sort, SerwerSmsRules.GroupSorts, order, page, limit);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await client.CallAsync("groups/index", SerwerSmsAccount.Resolve(context), body,
            SerwerSmsJsonContext.Default.SerwerSmsGroupList, cancellationToken));
    }

    internal static async Task<Ok<SerwerSmsWriteResult>> CreateGroup(
        SerwerSmsGroupRequest request, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("groups/add", SerwerSmsAccount.Resolve(context), new JsonObject { ["name"] = request.Name },
            SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));

    internal static async Task<Ok<SerwerSmsGroup>> GetGroup(
        [DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "ID of the group.")] long id, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("groups/view", SerwerSmsAccount.Resolve(context), new JsonObject { ["id"] = id },
            SerwerSmsJsonContext.Default.SerwerSmsGroup, cancellationToken));

    internal static async Task<Ok<SerwerSmsWriteResult>> RenameGroup(
        [DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "ID of the group.")] long id, SerwerSmsGroupRequest request, HttpContext context, SerwerSmsClient client,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("groups/edit", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["id"] = id, ["name"] = request.Name }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));

    internal static async Task<Results<Ok<SerwerSmsWriteResult>, ProblemHttpResult>> DeleteGroup(
        [DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "ID of the group.")] long id,
        [FromQuery(Name = "delete_contacts")][ApiField("Delete Contacts", "true also deletes every contact of the group.")] string? deleteContacts,
        HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        bool? alsoContacts = null;
        if (deleteContacts is not null)
        {
            if (!bool.TryParse(deleteContacts, out var parsed))
            {
                return Problems.Validation("delete_contacts", "must be true or false.");
            }

            alsoContacts = parsed;
        }

        return TypedResults.Ok(await client.CallAsync("groups/delete", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["id"] = id, ["delete_contacts"] = alsoContacts }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));
    }

    internal static async Task<Results<Ok<SerwerSmsPhoneGroupList>, ProblemHttpResult>> CheckPhoneGroups(
        [ApiField("Phone Number", "The phone number to look for, in international form; a Polish number may omit +48.")] string? phone,
        HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var normalized = SerwerSmsPhone.Normalize(errors, "phone", phone, required: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await client.CallAsync("groups/check", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["phone"] = normalized }, SerwerSmsJsonContext.Default.SerwerSmsPhoneGroupList, cancellationToken));
    }

    internal static async Task<Ok<List<SerwerSmsGroupOption>>> GroupPicker(
        HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var groups = await client.CallAsync("groups/index", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["sort"] = "name", ["order"] = "asc" }, SerwerSmsJsonContext.Default.SerwerSmsGroupList, cancellationToken);
        return TypedResults.Ok(groups.Items.Where(g => g.Id is not null)
            .Select(g => new SerwerSmsGroupOption(g.Id!.Value, g.Name ?? g.Id.Value.ToString(CultureInfo.InvariantCulture))).ToList());
    }

    internal static async Task<Results<Ok<SerwerSmsContactList>, ProblemHttpResult>> ListContacts(
        [FromQuery(Name = "group_id")][DynamicValues("SerwerSmsGroupPicker")][ApiField("Group ID", "Only contacts of this group; none lists contacts in no group.")] string? groupId,
        [ApiField("Search", "Only contacts holding this phrase.")] string? search,
        [ApiField("Sort", "Sort by: first_name, last_name, phone, company, tax_id, email, address, city or description.")] string? sort,
        [ApiField("Order", "asc or desc.")] string? order,
        [ApiField("Page", "Page number, from 1.")] string? page,
        [ApiField("Limit", "Contacts per page.")] string? limit,
        HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var body = new JsonObject();
        if (groupId is not null)
        {
            if (string.Equals(groupId, "none", StringComparison.OrdinalIgnoreCase))
            {
                body["group_id"] = "none";
            }
            else if (long.TryParse(groupId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                body["group_id"] = id;
            }
            else
            {
                errors.Add("group_id", "must be a group id or none.");
            }
        }

        foreach (var (key, value) in Listing(errors, search, sort, SerwerSmsRules.ContactSorts, order, page, limit).ToList())
        {
            body[key] = value?.DeepClone();
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await client.CallAsync("contacts/index", SerwerSmsAccount.Resolve(context), body,
            SerwerSmsJsonContext.Default.SerwerSmsContactList, cancellationToken));
    }

    internal static async Task<Ok<SerwerSmsWriteResult>> CreateContact(
        SerwerSmsContactRequest request, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("contacts/add", SerwerSmsAccount.Resolve(context), ContactBody(request, null),
            SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));

    internal static async Task<Ok<SerwerSmsContact>> GetContact(
        [ApiField("Contact ID", "ID of the contact.")] long id, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("contacts/view", SerwerSmsAccount.Resolve(context), new JsonObject { ["id"] = id },
            SerwerSmsJsonContext.Default.SerwerSmsContact, cancellationToken));

    /// <summary>
    /// SerwerSMS's <c>contacts/edit</c> replaces the whole contact, so a caller changing one field would wipe the rest:
    /// the contact is read (<c>contacts/view</c>), and when no groups are given, its groups too (<c>groups/check</c> by
    /// phone lists every group of every contact with that number; <c>contacts/view</c> names only one), then the given
    /// fields are merged in and the whole contact is written.
    /// </summary>
    internal static async Task<Ok<SerwerSmsWriteResult>> EditContact(
        [ApiField("Contact ID", "ID of the contact.")] long id, SerwerSmsContactChanges request, HttpContext context, SerwerSmsClient client,
        CancellationToken cancellationToken)
    {
        var account = SerwerSmsAccount.Resolve(context);
        var current = await client.CallAsync("contacts/view", account, new JsonObject { ["id"] = id },
            SerwerSmsJsonContext.Default.SerwerSmsContact, cancellationToken);
        var groups = request.GroupId;
        if (groups is null && !string.IsNullOrEmpty(current.Phone))
        {
            var memberships = await client.CallAsync("groups/check", account, new JsonObject { ["phone"] = current.Phone },
                SerwerSmsJsonContext.Default.SerwerSmsPhoneGroupList, cancellationToken);
            groups = memberships.Items.Where(m => m.Id == id && m.GroupId is not null).Select(m => m.GroupId!.Value).Distinct().ToList();
        }

        var merged = new SerwerSmsContactChanges
        {
            GroupId = groups,
            Email = request.Email ?? current.Email,
            FirstName = request.FirstName ?? current.FirstName,
            LastName = request.LastName ?? current.LastName,
            Company = request.Company ?? current.Company,
            TaxId = request.TaxId ?? current.TaxId,
            Address = request.Address ?? current.Address,
            City = request.City ?? current.City,
            Description = request.Description ?? current.Description,
        };
        var body = ContactBody(merged, id);
        body["phone"] = request.NormalizedPhone ?? current.Phone;
        return TypedResults.Ok(await client.CallAsync("contacts/edit", account, body, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));
    }

    internal static async Task<Ok<SerwerSmsWriteResult>> DeleteContact(
        [ApiField("Contact ID", "ID of the contact.")] long id, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("contacts/delete", SerwerSmsAccount.Resolve(context), new JsonObject { ["id"] = id },
            SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));

    internal static async Task<Ok<SerwerSmsImportResult>> ImportContacts(
        SerwerSmsImportRequest request, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var contacts = new JsonArray();
        foreach (var contact in request.Contact!)
        {
            // Typed as a node: Add<JsonObject> would pick JsonArray's generic overload, which serializes by reflection.
            JsonNode item = ProviderExchange.WithoutNulls(new JsonObject
            {
                ["phone"] = contact.NormalizedPhone,
                ["email"] = contact.Email,
                ["first_name"] = contact.FirstName,
                ["last_name"] = contact.LastName,
                ["company"] = contact.Company,
            });
            contacts.Add(item);
        }

        return TypedResults.Ok(await client.CallAsync("contacts/import", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["group_name"] = request.GroupName, ["contact"] = contacts },
            SerwerSmsJsonContext.Default.SerwerSmsImportResult, cancellationToken));
    }

    internal static async Task<Results<Ok<SerwerSmsSendSmsResponse>, ProblemHttpResult>> SendSms(
        SerwerSmsSendSmsRequest request, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (request.NormalizedPhones is { } phones)
        {
            body["phone"] = phones.Count == 1 ? phones[0] : new JsonArray(phones.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        }
        else
        {
            body["group_id"] = Ids(request.GroupId!);
        }

        body["text"] = request.Text;
        body["sender"] = request.Sender;
        body["utf"] = request.Utf;
        body["flash"] = request.Flash;
        body["test"] = request.Test;
        body["date"] = request.Date?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        // Per-recipient items come back only when details are asked for.
        body["details"] = true;

        var response = await client.CallAsync("messages/send_sms", SerwerSmsAccount.Resolve(context), body,
            SerwerSmsJsonContext.Default.SerwerSmsSendSmsResponse, cancellationToken);
        var items = response.Items ?? [];
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
        SerwerSmsBlacklistRequest request, HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.CallAsync("blacklist/add", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["phone"] = request.NormalizedPhone }, SerwerSmsJsonContext.Default.SerwerSmsWriteResult, cancellationToken));

    internal static async Task<Results<Ok<List<SerwerSmsSenderOption>>, ProblemHttpResult>> SenderPicker(
        [ApiField("Predefined", "true also lists SerwerSMS's predefined sender names.")] string? predefined,
        HttpContext context, SerwerSmsClient client, CancellationToken cancellationToken)
    {
        bool? withPredefined = null;
        if (predefined is not null)
        {
            if (!bool.TryParse(predefined, out var parsed))
            {
                return Problems.Validation("predefined", "must be true or false.");
            }

            withPredefined = parsed;
        }

        var senders = await client.CallAsync("senders/index", SerwerSmsAccount.Resolve(context),
            new JsonObject { ["predefined"] = withPredefined, ["sort"] = "name", ["order"] = "asc" },
            SerwerSmsJsonContext.Default.SerwerSmsSenderList, cancellationToken);
        return TypedResults.Ok(senders.Items
            .Where(s => !string.IsNullOrEmpty(s.Name) && (s.Status is null || string.Equals(s.Status, "authorized", StringComparison.OrdinalIgnoreCase)))
            .Select(s => new SerwerSmsSenderOption(s.Name!, s.Name!)).ToList());
    }

    /// <summary>search, sort, order, page and limit of a list action, validated and in SerwerSMS's form.</summary>
    private static JsonObject Listing(ValidationErrors errors, string? search, string? sort, IReadOnlyCollection<string> sorts,
        string? order, string? page, string? limit)
    {
        errors.OneOf("sort", sort, sorts);
        errors.OneOf("order", order, SerwerSmsRules.Orders);
        return new JsonObject
        {
            ["search"] = string.IsNullOrEmpty(search) ? null : search,
            ["sort"] = sort,
            ["order"] = order,
            ["page"] = Positive(errors, "page", page),
            ["limit"] = Positive(errors, "limit", limit),
        };
    }

    internal static int? Positive(ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        errors.Add(field, "must be a positive whole number.");
        return null;
    }

    private static JsonNode Ids(List<long> ids) =>
        ids.Count == 1 ? JsonValue.Create(ids[0]) : new JsonArray(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());

    private static JsonObject ContactBody(SerwerSmsContactRequest request, long? id)
    {
        var body = new JsonObject();
        if (id is not null)
        {
            body["id"] = id;
        }

        body["group_id"] = request.GroupId is { Count: > 0 } groups ? Ids(groups) : null;
        body["phone"] = request.NormalizedPhone;
        body["email"] = request.Email;
        body["first_name"] = request.FirstName;
        body["last_name"] = request.LastName;
        body["company"] = request.Company;
        body["tax_id"] = request.TaxId;
        body["address"] = request.Address;
        body["city"] = request.City;
        body["description"] = request.Description;
        return body;
    }
}
