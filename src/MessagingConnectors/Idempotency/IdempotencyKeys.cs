using System.Security.Cryptography;
using System.Text;

namespace MessagingConnectors.Idempotency;

/// <summary>
/// Where a send's idempotency key comes from: the caller's <c>Idempotency-Key</c> header, or,
/// for Logic Apps and Power Automate (which retry 408, 429 and 5xx by themselves), the run,
/// the action, the loop iteration and the body.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    private const string WorkflowRunId = "x-ms-workflow-run-id";
    private const string RepeatItemPrefix = "x-ms-workflow-repeatitem-";
    private static readonly string[] WorkflowIdentity = ["x-ms-workflow-name", "x-ms-workflow-id", WorkflowRunId, "x-ms-workflow-operation-name"];

    public readonly record struct Key(string Value, bool FromCaller);

    /// <summary>Whether the request carries an explicit key or workflow headers, i.e. whether <see cref="From"/> can give a key or a problem.</summary>
    public static bool Applies(HttpRequest request) =>
        request.Headers.ContainsKey(Header) || request.Headers.ContainsKey(WorkflowRunId);

    /// <summary>The key for this request, or null when it carries neither an explicit key nor workflow headers.</summary>
    public static Key? From(HttpRequest request, string bodyHash, out string? problem)
    {
        problem = null;
        if (request.Headers.TryGetValue(Header, out var explicitKey))
        {
            var value = explicitKey.ToString();
            if (value.Length is 0 or > MaxKeyLength || value.Any(c => c is < (char)0x20 or > (char)0x7e))
            {
                problem = $"must be 1 to {MaxKeyLength} printable ASCII characters.";
                return null;
            }

            return new Key(value, FromCaller: true);
        }

        if (!request.Headers.ContainsKey(WorkflowRunId))
        {
            return null;
        }

        var material = new StringBuilder("workflow");
        foreach (var name in WorkflowIdentity)
        {
            material.Append('\n').Append(name).Append('=').Append(request.Headers[name].ToString());
        }

        foreach (var header in request.Headers
                     .Where(h => h.Key.StartsWith(RepeatItemPrefix, StringComparison.OrdinalIgnoreCase))
                     .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            material.Append('\n').Append(header.Key.ToLowerInvariant()).Append('=').Append(header.Value.ToString());
        }

        material.Append("\nbody=").Append(bodyHash);
        return new Key(material.ToString(), FromCaller: false);
    }

    /// <summary>Table row key: a hash, so any caller key is safe as a RowKey and keys of different accounts never meet.</summary>
    public static string RowKey(string scope, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope.Length}:{scope}\n{key}")));
}
