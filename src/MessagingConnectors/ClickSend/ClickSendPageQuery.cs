using MessagingConnectors.OpenApi;
using MessagingConnectors.Providers;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.ClickSend;

/// <summary>The <c>page</c> and <c>limit</c> of a ClickSend list, bound from the query: pages from 1, 15 to 100 items each.</summary>
public sealed class ClickSendPageQuery : IValidatable
{
    public const int MinLimit = 15;
    public const int MaxLimit = 100;

    [FromQuery(Name = "page"), ApiField("Page", "Page number, from 1.", Visibility = Visibility.Advanced)]
    public int? Page { get; init; }

    [FromQuery(Name = "limit"), ApiField("Limit", "Items per page, 15 to 100.", Visibility = Visibility.Advanced)]
    public int? Limit { get; init; }

    public Paging ToPaging() => new(Page, Limit);

    public void Validate(ValidationErrors errors) => ToPaging().Check(errors, MinLimit, MaxLimit);
}
