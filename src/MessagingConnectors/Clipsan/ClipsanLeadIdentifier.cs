using MessagingConnectors.Validation;

namespace MessagingConnectors.Clipsan;

/// <summary>Which lead a view, modify or delete acts on: exactly one of id, email or pin.</summary>
public sealed record ClipsanLeadIdentifier(string Name, string Value)
{
    public const string Id = "id";
    public const string Email = "email";
    public const string Pin = "pin";

    /// <summary>Never the pin itself: identifiers may end up in a message, a trace or an exception.</summary>
    public override string ToString() => Name == Pin ? $"pin {ClipsanRules.MaskPin(Value)}" : $"{Name} {Value}";

    /// <summary>The one identifier given, in the form Clipsan takes (a birth number without its slash); null unless exactly one.</summary>
    public static ClipsanLeadIdentifier? Of(string? id, string? email, string? pin) =>
        Given(id, email, pin).ToList() is [var one] ? one.Name == Pin ? one with { Value = ClipsanRules.NormalizePin(one.Value)! } : one : null;

    private static IEnumerable<ClipsanLeadIdentifier> Given(string? id, string? email, string? pin)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            yield return new(Id, id.Trim());
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            yield return new(Email, email.Trim());
        }

        if (!string.IsNullOrWhiteSpace(pin))
        {
            yield return new(Pin, pin.Trim());
        }
    }
}
