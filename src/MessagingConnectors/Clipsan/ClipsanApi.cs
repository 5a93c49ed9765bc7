using System.Globalization;
using MessagingConnectors.Json;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.Clipsan;

/// <summary>
/// Clipsan lead actions under <c>/api/clipsan</c>. A birth number (pin) or email never goes in a path
/// segment, because request logs keep the path: lookups take it from the query or the body.
/// </summary>
public static class ClipsanApi
{
    public const string Tag = "Clipsan";

    public static IServiceCollection AddClipsan(this IServiceCollection services)
    {
        services.AddOptions<ClipsanOptions>().BindConfiguration(ClipsanOptions.Section)
            .AddProviderClient<ClipsanClient, ClipsanOptions>(ClipsanOptions.Section);
        services.AddJsonContext(ClipsanJsonContext.Default);
        services.AddOptions<ClipsanOptions>()
            .Validate(o => Webhooks.CallerAddresses.TryParse(o.NotificationCallers, out _),
                "Clipsan:NotificationCallers must list IP addresses or CIDR ranges, separated by commas.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapClipsanApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clipsan").WithTags(Tag).ProducesProviderProblems();

        group.MapGet("/leads", ListLeads)
            .WithName("ClipsanListLeads")
            .WithSummary("List leads")
            .WithDescription("Lists the leads of the Clipsan account, optionally only those in one list, with one tag or of one user. " +
                             "Clipsan's answer keyed by lead ID becomes an array in data, so a flow can loop over it.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapGet("/leads/search", SearchLeads)
            .WithName("ClipsanSearchLeads")
            .WithSummary("Search leads")
            .WithDescription("Finds the leads whose first name or surname matches the query. The leads come back as an array in data.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapPost("/leads", AddOrUpdateLead)
            .WithName("ClipsanAddOrUpdateLead")
            .WithSummary("Add or update a lead")
            .WithDescription("Adds a lead identified by email or birth number, or updates it when Clipsan already has it. Also puts " +
                             "an existing lead in more lists or gives it a tag, and can start an automation. The answer says whether " +
                             "the lead was added or updated, with its ID.")
            .Validates<ClipsanAddLeadRequest>()
            .WithVisibility(Visibility.Important);

        group.MapGet("/leads/view", ViewLead)
            .WithName("ClipsanViewLead")
            .WithSummary("Get lead details")
            .WithDescription("Returns one lead with its lists, tags and custom fields, found by exactly one of its ID, email or birth number.")
            .WithVisibility(Visibility.Important)
            .ProducesValidationProblem();

        group.MapPatch("/leads/modify", RemoveFromListOrTag)
            .WithName("ClipsanRemoveLeadFromListOrTag")
            .WithSummary("Remove a lead from a list or tag")
            .WithDescription("Takes a lead, found by exactly one of its ID, email or birth number, out of a list, or takes a tag off it, " +
                             "and returns the lead as it is afterwards.")
            .Validates<ClipsanModifyLeadRequest>();

        group.MapDelete("/leads", DeleteLead)
            .WithName("ClipsanDeleteLead")
            .WithSummary("Delete a lead")
            .WithDescription("Deletes a lead from the Clipsan account, found by exactly one of its ID, email or birth number.")
            .ProducesValidationProblem();

        return app;
    }

    internal static async Task<Results<Ok<ClipsanLeadsResponse>, ProblemHttpResult>> ListLeads(
        [FromQuery(Name = "list")][ApiField("List", "Hash ID of the list (group) to list, as shown in Clipsan's list overview.")] string? list,
        [FromQuery(Name = "tag")][ApiField("Tag", "Only leads with this tag.")] string? tag,
        [FromQuery(Name = "user")][ApiField("User ID", "Only leads of this Clipsan user.")] string? user,
        ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        ClipsanRules.Code(errors, "list", list);
        ClipsanRules.Text(errors, "tag", tag);
        if (user is not null)
        {
            ClipsanRules.Digits(errors, "user", user);
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await clipsan.ListLeadsAsync(account, list, tag, user, cancellationToken));
    }

    internal static async Task<Results<Ok<ClipsanLeadsResponse>, ProblemHttpResult>> SearchLeads(
        [FromQuery(Name = "query")][ApiField("Query", "Text to find in the first name or surname of a lead, at least 2 characters.", Required = true)] string? query,
        ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (errors.Required("query", query))
        {
            // Clipsan's documents show only an empty query refused ("invalid query") and are silent on a minimum; one
            // letter matches nearly every lead, so two are asked for here, as the sandbox's Clipsan does.
            errors.MinLength("query", query, 2);
            ClipsanRules.Text(errors, "query", query);
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await clipsan.SearchLeadsAsync(account, query!.Trim(), cancellationToken));
    }

    internal static async Task<Ok<ClipsanAddLeadResponse>> AddOrUpdateLead(
        ClipsanAddLeadRequest request, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clipsan.AddLeadAsync(account, request, cancellationToken));
    }

    internal static async Task<Results<Ok<ClipsanLeadResponse>, ProblemHttpResult>> ViewLead(
        [FromQuery(Name = "id")][ApiField("Lead ID", "Clipsan's ID of the lead; give exactly one of Lead ID, Email or Birth Number.")] string? id,
        [FromQuery(Name = "email")][ApiField("Email", "Email address of the lead; give exactly one of Lead ID, Email or Birth Number.")] string? email,
        [FromQuery(Name = "pin")][ApiField("Birth Number", "Birth number of the lead; give exactly one of Lead ID, Email or Birth Number.", Visibility = Visibility.Advanced)] string? pin,
        ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ClipsanLeadIdentifier.From(errors, id, email, pin) is not { } identifier)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await clipsan.ViewLeadAsync(account, identifier, cancellationToken));
    }

    internal static async Task<Ok<ClipsanLeadResponse>> RemoveFromListOrTag(
        ClipsanModifyLeadRequest request, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clipsan.ModifyLeadAsync(account, request.Identifier!,
            string.IsNullOrWhiteSpace(request.List) ? null : request.List, string.IsNullOrWhiteSpace(request.Tag) ? null : request.Tag, cancellationToken));
    }

    internal static async Task<Results<Ok<ClipsanResultResponse>, ProblemHttpResult>> DeleteLead(
        [FromQuery(Name = "id")][ApiField("Lead ID", "Clipsan's ID of the lead; give exactly one of Lead ID, Email or Birth Number.")] string? id,
        [FromQuery(Name = "email")][ApiField("Email", "Email address of the lead; give exactly one of Lead ID, Email or Birth Number.")] string? email,
        [FromQuery(Name = "pin")][ApiField("Birth Number", "Birth number of the lead; give exactly one of Lead ID, Email or Birth Number.", Visibility = Visibility.Advanced)] string? pin,
        ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (ClipsanLeadIdentifier.From(errors, id, email, pin) is not { } identifier)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return TypedResults.Ok(await clipsan.DeleteLeadAsync(account, identifier, cancellationToken));
    }
}
