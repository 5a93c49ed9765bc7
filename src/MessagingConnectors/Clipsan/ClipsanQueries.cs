using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.Clipsan;

/// <summary>The query of List leads: a list, a tag or a user, each optional.</summary>
public sealed class ClipsanListLeadsQuery
{
    [FromQuery(Name = "list"), Pattern(ClipsanRules.CodePattern, ClipsanRules.CodeProblem),
     ApiField("List", "Hash ID of the list (group) to list, as shown in Clipsan's list overview.", Example = "news123")]
    public string? List { get; init; }

    [FromQuery(Name = "tag"), Text(ClipsanRules.MaxText, NotBlank = true), ApiField("Tag", "Only leads with this tag.", Example = "clipsan")]
    public string? Tag { get; init; }

    [FromQuery(Name = "user"), Pattern(ClipsanRules.DigitsPattern, ClipsanRules.DigitsProblem), ApiField("User ID", "Only leads of this Clipsan user.", Example = "1")]
    public string? User { get; init; }
}

/// <summary>The text Search leads looks for.</summary>
public sealed class ClipsanSearchQuery
{
    // Clipsan's documents show only an empty query refused ("invalid query") and are silent on a minimum; one letter
    // matches nearly every lead, so two are asked for here, as the sandbox's Clipsan does.
    [FromQuery(Name = "query"), Text(ClipsanRules.MaxText, MinLength = 2),
     ApiField("Query", "Text to find in the first name or surname of a lead, at least 2 characters.", Required = true, Example = "Radek")]
    public string? Query { get; init; }
}

/// <summary>Which lead View and Delete act on: exactly one of its ID, email or birth number.</summary>
[FieldGroup("id", "email", "pin", Exclusive = true)]
public sealed class ClipsanLeadQuery
{
    [FromQuery(Name = "id"), Pattern(ClipsanRules.DigitsPattern, ClipsanRules.DigitsProblem),
     ApiField("Lead ID", "Clipsan's ID of the lead; give exactly one of Lead ID, Email or Birth Number.", Example = "455554")]
    public string? Id { get; init; }

    [FromQuery(Name = "email"), Email, ApiField("Email", "Email address of the lead; give exactly one of Lead ID, Email or Birth Number.")]
    public string? Email { get; init; }

    [FromQuery(Name = "pin"), Pattern(ClipsanRules.PinPattern, ClipsanRules.PinProblem),
     ApiField("Birth Number", "Birth number of the lead; give exactly one of Lead ID, Email or Birth Number.", Visibility = Visibility.Advanced, Example = "665317107")]
    public string? Pin { get; init; }

    internal ClipsanLeadIdentifier Identifier => ClipsanLeadIdentifier.Of(Id, Email, Pin)!;

    /// <summary>Never the pin: a bound query can end up in a debugger, a trace or an exception message.</summary>
    public override string ToString() => $"Clipsan lead query ({ClipsanLeadIdentifier.Of(Id, Email, Pin)?.ToString() ?? "unidentified"})";
}
