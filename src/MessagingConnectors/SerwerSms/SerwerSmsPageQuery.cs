using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// The <c>page</c> and <c>limit</c> of a SerwerSMS list, bound from the query. SerwerSMS's documents and clients state no
/// largest page, so only a positive limit is checked;
/// the ranges are declared once, for the check and the document alike.
/// </summary>
public sealed class SerwerSmsPageQuery
{
    [FromQuery(Name = "page"), Range(1, Paging.MaxPage), ApiField("Page", "Page number, from 1.")]
    public int? Page { get; init; }

    [FromQuery(Name = "limit"), Range(1, int.MaxValue), ApiField("Limit", "Items per page.")]
    public int? Limit { get; init; }

    public Paging ToPaging() => new(Page, Limit);
}
