namespace MessagingConnectors.OpenApi;

/// <summary>
/// A dropdown in the flow designer (<c>x-ms-dynamic-values</c>): the values come from an internal GET
/// operation of the same connector. On an array field the dropdown is offered for each item.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DynamicValuesAttribute(string operationId) : Attribute
{
    /// <summary>The operationId of the picker operation.</summary>
    public string OperationId { get; } = operationId;

    /// <summary>Path to the array of options in the picker's answer, e.g. <c>data/data</c>; null when the answer is the array.</summary>
    public string? ValueCollection { get; init; }

    /// <summary>The option's property sent as the value.</summary>
    public string ValuePath { get; init; } = "id";

    /// <summary>The option's property shown to the user.</summary>
    public string ValueTitle { get; init; } = "title";

    /// <summary>Fixed query parameters of the picker call, as <c>name=value</c> pairs.</summary>
    public string[] Parameters { get; init; } = [];

    internal System.Text.Json.Nodes.JsonObject ToJson()
    {
        var node = new System.Text.Json.Nodes.JsonObject { ["operationId"] = OperationId };
        if (ValueCollection is not null)
        {
            node["value-collection"] = ValueCollection;
        }

        node["value-path"] = ValuePath;
        node["value-title"] = ValueTitle;
        if (Parameters.Length > 0)
        {
            var parameters = new System.Text.Json.Nodes.JsonObject();
            foreach (var pair in Parameters)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                parameters[pair[..equals]] = pair[(equals + 1)..];
            }

            node["parameters"] = parameters;
        }

        return node;
    }
}
