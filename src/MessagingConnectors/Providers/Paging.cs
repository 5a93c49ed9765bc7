using System.Globalization;

namespace MessagingConnectors.Providers;

/// <summary>
/// A list's <c>page</c> and <c>limit</c> as the caller sent them (null when left out). Every provider's lists take them
/// under these names; each provider's page query declares its own bounds (<c>ClickSendPageQuery</c>, <c>SerwerSmsPageQuery</c>).
/// </summary>
public readonly record struct Paging(int? Page, int? Limit)
{
    public const int MaxPage = 1_000_000;

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
