using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using System.ComponentModel.DataAnnotations;
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

    [FromQuery(Name = "page"), Range(1, Paging.MaxPage), ApiField("Page", "Page number, from 1.", Visibility = Visibility.Advanced)]
    public int? Page { get; init; }

    [FromQuery(Name = "limit"), Range(MinLimit, MaxLimit), ApiField("Limit", "Items per page, 15 to 100.", Visibility = Visibility.Advanced)]
    public int? Limit { get; init; }

    public Paging ToPaging() => new(Page, Limit);
}
