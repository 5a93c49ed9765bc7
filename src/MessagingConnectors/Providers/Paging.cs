using System.Globalization;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Providers;

/// <summary>
/// A list's <c>page</c> and <c>limit</c> as the caller sent them (null when left out). Every provider's lists take them
/// under these names; each provider states its own bounds with <see cref="Check"/>.
/// </summary>
public readonly record struct Paging(int? Page, int? Limit)
{
    public const int MaxPage = 1_000_000;

    /// <param name="maxLimit">The provider's largest page; null where its documents state none.</param>
    public void Check(ValidationErrors errors, int minLimit, int? maxLimit)
    {
        errors.Range("page", Page, 1, MaxPage);
        if (maxLimit is { } max)
        {
            errors.Range("limit", Limit, minLimit, max);
        }
        else if (Limit < minLimit)
        {
            errors.Add("limit", string.Create(CultureInfo.InvariantCulture, $"must be at least {minLimit}."));
        }
    }

    /// <summary>The pair as a query string (<c>?page=2&amp;limit=15</c>), empty when neither is set.</summary>
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
