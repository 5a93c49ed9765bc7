using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.ClickSend;

/// <summary>
/// The <c>page</c> and <c>limit</c> of a ClickSend list, bound from the query: pages from 1, 15 to 100 items each. The
/// ranges are declared once, for the check (<c>.Validates&lt;ClickSendPageQuery&gt;()</c>) and the document alike.
/// </summary>
public sealed class ClickSendPageQuery
{
    public const int MinLimit = 15;
    public const int MaxLimit = 100;

    [FromQuery(Name = "page"), Bounds(1, Paging.MaxPage), ApiField("Page", "Page number, from 1.", Visibility = Visibility.Advanced)]
    public int? Page { get; init; }

    [FromQuery(Name = "limit"), Bounds(MinLimit, MaxLimit), ApiField("Limit", "Items per page, 15 to 100.", Visibility = Visibility.Advanced)]
    public int? Limit { get; init; }

    public Paging ToPaging() => new(Page, Limit);
}

/// <summary>The text Search contact lists looks for.</summary>
public sealed class ClickSendListSearchQuery
{
    [FromQuery(Name = "q"), Text(100), ApiField("Query", "Text to find in list names.", Visibility = Visibility.Important, Required = true, Example = "Customers")]
    public string? Q { get; init; }
}

/// <summary>What an uploaded file is converted for.</summary>
public sealed class ClickSendConversionQuery
{
    public static readonly IReadOnlyList<string> Targets = ["fax", "mms", "csv", "post", "postcard"];

    [FromQuery(Name = "convert"), OneOf(typeof(ClickSendConversionQuery), nameof(Targets)),
     ApiField("Convert To", "What the file is converted for: fax, mms, csv, post or postcard.", Visibility = Visibility.Important, Required = true)]
    public string? Convert { get; init; }
}
