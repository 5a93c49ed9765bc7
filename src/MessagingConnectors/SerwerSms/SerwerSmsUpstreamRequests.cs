using System.Text.Json.Nodes;
using MessagingConnectors.Providers;

namespace MessagingConnectors.SerwerSms;

/// <summary>The search, sort, order and paging of a SerwerSMS list action (<c>groups/index</c>, <c>contacts/index</c>), already checked.</summary>
public sealed record SerwerSmsListing(string? Search, string? Sort, string? Order, Paging Paging)
{
    internal JsonObject Body() => new()
    {
        // SerwerSMS reads an empty search as a phrase that matches nothing.
        ["search"] = string.IsNullOrEmpty(Search) ? null : Search,
        ["sort"] = Sort,
        ["order"] = Order,
        ["page"] = Paging.Page,
        ["limit"] = Paging.Limit,
    };
}

/// <summary>A contact as SerwerSMS stores it: what <c>contacts/add</c>, <c>contacts/edit</c> and <c>contacts/import</c> write.</summary>
public sealed record SerwerSmsContactFields
{
    public IReadOnlyList<long>? GroupIds { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Company { get; init; }
    public string? TaxId { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Description { get; init; }

    internal JsonObject Body() => new()
    {
        ["group_id"] = GroupIds is { Count: > 0 } groups ? SerwerSmsClient.OneOrMany(groups.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()) : null,
        ["phone"] = Phone,
        ["email"] = Email,
        ["first_name"] = FirstName,
        ["last_name"] = LastName,
        ["company"] = Company,
        ["tax_id"] = TaxId,
        ["address"] = Address,
        ["city"] = City,
        ["description"] = Description,
    };
}

/// <summary>What <c>messages/recived</c> lists: times are SerwerSMS's local time (<see cref="SerwerSmsTime"/>).</summary>
public sealed record SerwerSmsReceivedFilter(string Type)
{
    public string? Phone { get; init; }
    public string? Ndi { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public bool? MarkRead { get; init; }
    public string? Order { get; init; }
    public Paging Paging { get; init; }

    internal JsonObject Body() => new()
    {
        ["type"] = Type,
        ["phone"] = Phone,
        ["ndi"] = Ndi,
        ["date_from"] = From is { } from ? SerwerSmsTime.FormatLocal(from) : null,
        ["date_to"] = To is { } to ? SerwerSmsTime.FormatLocal(to) : null,
        ["read"] = MarkRead,
        ["order"] = Order,
        ["page"] = Paging.Page,
        ["limit"] = Paging.Limit,
    };
}

/// <summary>
/// What <c>messages/reports</c> lists: the window is on the queued time, in SerwerSMS's local time
/// (<see cref="SerwerSmsTime"/>); each list filter takes one value as itself and several as an array.
/// </summary>
public sealed record SerwerSmsReportsFilter
{
    /// <summary>SerwerSMS's documented largest number of ids in one query.</summary>
    public const int MaxIds = 500;

    public string? Phone { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
    public IReadOnlyList<string>? UniqueIds { get; init; }
    public string? Status { get; init; }
    public string? Type { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Order { get; init; }
    public bool? ShowContact { get; init; }
    public Paging Paging { get; init; }

    internal JsonObject Body() => new()
    {
        ["phone"] = Phone,
        ["id"] = Many(Ids),
        ["unique_id"] = Many(UniqueIds),
        ["status"] = Status,
        ["type"] = Type,
        ["date_from"] = From is { } from ? SerwerSmsTime.FormatLocal(from) : null,
        ["date_to"] = To is { } to ? SerwerSmsTime.FormatLocal(to) : null,
        ["show_contact"] = ShowContact,
        ["order"] = Order,
        ["page"] = Paging.Page,
        ["limit"] = Paging.Limit,
    };

    internal static JsonNode? Many(IReadOnlyList<string>? values) =>
        values is { Count: > 0 } ? SerwerSmsClient.OneOrMany(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()) : null;
}
