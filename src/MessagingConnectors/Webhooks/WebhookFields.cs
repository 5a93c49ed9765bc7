using System.Text.Json;

namespace MessagingConnectors.Webhooks;

/// <summary>
/// A provider's call as named fields, whether it came as a JSON object or form-encoded: providers that do not say (or do
/// not let the rule choose) how they post are read the same either way. A JSON number keeps its text, so "201" and 201
/// read alike. Null when the body is neither.
/// </summary>
public static class WebhookFields
{
    public static async Task<Dictionary<string, string?>?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return document.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                },
                StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
