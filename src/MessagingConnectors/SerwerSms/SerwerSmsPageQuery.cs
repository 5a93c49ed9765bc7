using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// The <c>page</c> and <c>limit</c> of a SerwerSMS list, bound from the query. SerwerSMS's documents and clients state no
/// largest page, so only a positive limit is checked.
/// </summary>
public sealed class SerwerSmsPageQuery : IValidatable
{
    [FromQuery(Name = "page"), ApiField("Page", "Page number, from 1.")]
    public int? Page { get; init; }

    [FromQuery(Name = "limit"), ApiField("Limit", "Items per page.")]
    public int? Limit { get; init; }

    public Paging ToPaging() => new(Page, Limit);

    public void Validate(ValidationErrors errors) => ToPaging().Check(errors, minLimit: 1, maxLimit: null);
}
