using System.Text;

namespace MessagingConnectors.Clipsan;

/// <summary>
/// The query string of one Clipsan call. Every value is URL-encoded, so an <c>@</c>, <c>/</c>, space
/// or <c>&amp;</c> cannot change the call; the key and the pin are marked secret and never shown by
/// <see cref="ToString"/> or <see cref="Scrub"/>.
/// </summary>
internal sealed class ClipsanQuery
{
    private readonly List<(string Name, string Value, bool Secret)> _pairs = [];

    /// <summary>Puts the account's key first, where Clipsan's documents show it; secret like the pin.</summary>
    public ClipsanQuery WithKey(ClipsanAccount account)
    {
        _pairs.Insert(0, ("key", account.Key, true));
        return this;
    }

    public ClipsanQuery Add(string name, string? value, bool secret = false)
    {
        if (value is not null)
        {
            _pairs.Add((name, value, secret));
        }

        return this;
    }

    public ClipsanQuery Add(ClipsanLeadIdentifier identifier) =>
        Add(identifier.Name, identifier.Value, identifier.Name == ClipsanLeadIdentifier.Pin);

    /// <summary>One list as <c>list=a</c>, several as <c>list[]=a&amp;list[]=b</c> (Clipsan's array form).</summary>
    public ClipsanQuery AddLists(IReadOnlyList<string>? lists)
    {
        if (lists is { Count: 1 })
        {
            Add("list", lists[0]);
        }
        else if (lists is { Count: > 1 })
        {
            foreach (var list in lists)
            {
                Add("list[]", list);
            }
        }

        return this;
    }

    /// <summary>The encoded query, for the upstream request only.</summary>
    public string Encode()
    {
        var text = new StringBuilder();
        foreach (var (name, value, _) in _pairs)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    /// <summary>The query with secrets masked: safe for any log or trace.</summary>
    public override string ToString() =>
        string.Join('&', _pairs.Select(p => $"{p.Name}={(p.Secret ? Mask(p.Name, p.Value) : p.Value)}"));

    /// <summary>Masks any secret value of this query that a provider message repeats.</summary>
    public string Scrub(string text)
    {
        foreach (var (name, value, secret) in _pairs)
        {
            if (secret && value.Length > 0)
            {
                text = text.Replace(value, Mask(name, value), StringComparison.Ordinal);
                text = text.Replace(Uri.EscapeDataString(value), Mask(name, value), StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static string Mask(string name, string value) => name == ClipsanLeadIdentifier.Pin ? ClipsanRules.MaskPin(value) : "***";
}
