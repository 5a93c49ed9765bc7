using System.Globalization;
using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.ClickSend;

/// <summary>ClickSend's <c>page</c> and <c>limit</c> query parameters, checked against its bounds.</summary>
public readonly record struct Paging(int? Page, int? Limit)
{
    public const int MinLimit = 15;
    public const int MaxLimit = 100;
    public const int MaxPage = 1_000_000;

    /// <summary>The problem for out-of-range values, or null when both are fine.</summary>
    public ProblemHttpResult? Problem()
    {
        var errors = new Validation.ValidationErrors();
        errors.Range("page", Page, 1, MaxPage);
        errors.Range("limit", Limit, MinLimit, MaxLimit);
        return errors.IsEmpty ? null : Problems.Validation(errors.ToDictionary());
    }

    public string Query(string separator = "?")
    {
        var parts = new List<string>(2);
        if (Page is { } page)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        if (Limit is { } limit)
        {
            parts.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : separator + string.Join('&', parts);
    }
}
