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
            .Validates<ClipsanListLeadsQuery>();

        group.MapGet("/leads/search", SearchLeads)
            .WithName("ClipsanSearchLeads")
            .WithSummary("Search leads")
            .WithDescription("Finds the leads whose first name or surname matches the query. The leads come back as an array in data.")
            .WithVisibility(Visibility.Important)
            .Validates<ClipsanSearchQuery>();

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
            .Validates<ClipsanLeadQuery>();

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
            .Validates<ClipsanLeadQuery>();

        return app;
    }

    internal static async Task<Ok<ClipsanLeadsResponse>> ListLeads(
        [AsParameters] ClipsanListLeadsQuery query, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipsan.ListLeadsAsync(account, query.List, query.Tag, query.User, cancellationToken));

    internal static async Task<Ok<ClipsanLeadsResponse>> SearchLeads(
        [AsParameters] ClipsanSearchQuery search, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipsan.SearchLeadsAsync(account, search.Query!.Trim(), cancellationToken));

    internal static async Task<Ok<ClipsanAddLeadResponse>> AddOrUpdateLead(
        ClipsanAddLeadRequest request, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clipsan.AddLeadAsync(account, request, cancellationToken));
    }

    internal static async Task<Ok<ClipsanLeadResponse>> ViewLead(
        [AsParameters] ClipsanLeadQuery lead, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipsan.ViewLeadAsync(account, lead.Identifier, cancellationToken));

    internal static async Task<Ok<ClipsanLeadResponse>> RemoveFromListOrTag(
        ClipsanModifyLeadRequest request, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(await clipsan.ModifyLeadAsync(account, request.Identifier!,
            string.IsNullOrWhiteSpace(request.List) ? null : request.List, string.IsNullOrWhiteSpace(request.Tag) ? null : request.Tag, cancellationToken));
    }

    internal static async Task<Ok<ClipsanResultResponse>> DeleteLead(
        [AsParameters] ClipsanLeadQuery lead, ClipsanAccount account, ClipsanClient clipsan, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clipsan.DeleteLeadAsync(account, lead.Identifier, cancellationToken));
}
