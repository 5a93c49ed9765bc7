using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// The <c>page</c> and <c>limit</c> of a SerwerSMS list, bound from the query. SerwerSMS's documents and clients state no
/// largest page, so only a positive limit is checked;
/// the ranges are declared once, for the check and the document alike.
/// </summary>
public sealed class SerwerSmsPageQuery
{
    [FromQuery(Name = "page"), Bounds(1, Paging.MaxPage), ApiField("Page", "Page number, from 1.")]
    public int? Page { get; init; }

    [FromQuery(Name = "limit"), Bounds(1), ApiField("Limit", "Items per page.")]
    public int? Limit { get; init; }

    public Paging ToPaging() => new(Page, Limit);
}

/// <summary>
/// The phrase and order of a SerwerSMS list action. Bound beside its sort (<see cref="SerwerSmsGroupSort"/>; for
/// contacts <see cref="SerwerSmsContactFilter"/>, with the group) and its page: a parameter group binds its own properties, not inherited ones.
/// </summary>
public sealed class SerwerSmsListQuery
{
    public static readonly IReadOnlyList<string> Orders = ["asc", "desc"];

    [FromQuery(Name = "search"), Text(255), ApiField("Search", "Only items holding this phrase.", Example = "Customers")]
    public string? Search { get; init; }

    [FromQuery(Name = "order"), OneOf(typeof(SerwerSmsListQuery), nameof(Orders)), ApiField("Order", "asc or desc.")]
    public string? Order { get; init; }

    internal SerwerSmsListing ToListing(string? sort, SerwerSmsPageQuery paging) => new(Search, sort, Order, paging.ToPaging());
}

/// <summary>The sort of List groups.</summary>
public sealed class SerwerSmsGroupSort
{
    public static readonly IReadOnlyList<string> Sorts = ["name"];

    [FromQuery(Name = "sort"), OneOf(typeof(SerwerSmsGroupSort), nameof(Sorts)), ApiField("Sort", "Sort by: name.")]
    public string? Sort { get; init; }
}

/// <summary>Which contacts List contacts lists (a group, or none), and their sort.</summary>
public sealed class SerwerSmsContactFilter
{
    public static readonly IReadOnlyList<string> Sorts = ["first_name", "last_name", "phone", "company", "tax_id", "email", "address", "city", "description"];

    [FromQuery(Name = "group_id")]
    [Pattern("^([Nn][Oo][Nn][Ee]|[1-9][0-9]{0,17})$", "must be a group id or none.")]
    [DynamicValues("SerwerSmsGroupPicker")]
    [ApiField("Group ID", "Only contacts of this group; none lists contacts in no group.", Example = "none")]
    public string? GroupId { get; init; }

    [FromQuery(Name = "sort"), OneOf(typeof(SerwerSmsContactFilter), nameof(Sorts)),
     ApiField("Sort", "Sort by: first_name, last_name, phone, company, tax_id, email, address, city or description.")]
    public string? Sort { get; init; }

    /// <summary>The group as SerwerSMS takes it: its id, "none", or null for every contact.</summary>
    internal JsonValue? Group => GroupId switch
    {
        null => null,
        _ when string.Equals(GroupId, "none", StringComparison.OrdinalIgnoreCase) => JsonValue.Create("none"),
        _ => JsonValue.Create(long.Parse(GroupId, System.Globalization.CultureInfo.InvariantCulture)),
    };
}

/// <summary>The phone number a lookup takes from the query.</summary>
public sealed class SerwerSmsPhoneQuery
{
    [FromQuery(Name = "phone"), SerwerSmsPhone,
     ApiField("Phone Number", "The phone number to look for, in international form; a Polish number may omit +48.", Required = true)]
    public string? Phone { get; init; }

    internal string NormalizedPhone => SerwerSmsPhone.ToE164(Phone)!;
}
