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

    /// <summary>Checks that exactly one identifier is given and valid; returns it normalised, or null with errors added.</summary>
    public static ClipsanLeadIdentifier? From(ValidationErrors errors, string? id, string? email, string? pin, string prefix = "")
    {
        var given = new List<ClipsanLeadIdentifier>();
        if (!string.IsNullOrWhiteSpace(id))
        {
            given.Add(new(Id, id.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            given.Add(new(Email, email.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(pin))
        {
            given.Add(new(Pin, pin.Trim()));
        }

        if (given.Count != 1)
        {
            var message = given.Count == 0
                ? "is required: give exactly one of id, email or pin."
                : "must be given alone: give exactly one of id, email or pin (got " + string.Join(", ", given.Select(g => g.Name)) + ").";
            errors.Add(prefix + (given.Count == 0 ? Id : given[1].Name), message);
            return null;
        }

        var identifier = given[0];
        var field = prefix + identifier.Name;
        switch (identifier.Name)
        {
            case Id:
                return ClipsanRules.Digits(errors, field, identifier.Value) ? identifier : null;
            case Email:
                return ClipsanRules.Email(errors, field, identifier.Value) ? identifier : null;
            default:
                return ClipsanRules.NormalizePin(errors, field, identifier.Value) is { } normalized ? identifier with { Value = normalized } : null;
        }
    }
}
