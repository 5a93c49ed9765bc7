namespace MessagingConnectors.OpenApi;

/// <summary>Power Platform visibility of a field or operation (<c>x-ms-visibility</c>).</summary>
public enum Visibility
{
    Default,
    Important,
    Advanced,
    Internal,
}

/// <summary>
/// The label (<c>x-ms-summary</c>), description and visibility of a request or response field,
/// declared beside the field so the OpenAPI document grows with the code.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ApiFieldAttribute(string summary, string description) : Attribute
{
    public string Summary { get; } = summary;
    public string Description { get; } = description;
    public Visibility Visibility { get; init; }

    /// <summary>The caller must give it, not empty: validation refuses it left out (<see cref="Validation.DeclaredRules"/>) and the document lists it as required.</summary>
    public bool Required { get; init; }

    /// <summary>
    /// A value the app accepts, for the document's example (Swagger UI's "Try it out", generated clients, the contract
    /// test); left out, the field's rule offers one (<see cref="Validation.RuleAttribute.Example"/>).
    /// </summary>
    public object? Example { get; init; }

    /// <summary>The field that receives a flow's callback URL in a webhook subscribe operation (<c>x-ms-notification-url</c>).</summary>
    public bool NotificationUrl { get; init; }
}

/// <summary>
/// A whole request body the app accepts as it stands, as JSON: the document's example for the body, so Swagger UI's
/// "Try it out" sends something that works without editing (its own sample would fill every field, also ones that
/// exclude each other).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ApiExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
