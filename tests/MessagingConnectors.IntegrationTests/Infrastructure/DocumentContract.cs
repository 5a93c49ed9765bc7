using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>
/// The served Swagger 2.0 document read as a contract: which operation a request is, and whether the answer has a status
/// the document lists for it and a body its schema for that status allows. Swagger 2.0's schemas become JSON Schema
/// (2020-12) for JsonSchema.Net: <c>x-nullable</c> adds null to the type, <c>#/definitions</c> become <c>#/$defs</c>.
/// </summary>
public sealed partial class DocumentContract
{
    private static readonly Lazy<DocumentContract> ServedDocument = new(() =>
        new DocumentContract(JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "src/MessagingConnectors/OpenApi/Documents/swagger.json")))!));

    private readonly JsonObject _definitions;
    private readonly string _basePath;
    private readonly List<(string Method, Regex Path, int Parameters, string Template, JsonObject Operation)> _operations = [];
    private readonly ConcurrentDictionary<(string Template, string Method, string Status), JsonSchema?> _schemas = new();
    private int _schemaCount;

    public DocumentContract(JsonNode document)
    {
        _basePath = ((string?)document["basePath"] ?? "").TrimEnd('/');
        _definitions = Convert(document["definitions"] ?? new JsonObject())!.AsObject();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject op && method is "get" or "post" or "put" or "patch" or "delete")
                {
                    var pattern = "^" + Regex.Replace(Regex.Escape(_basePath + template), @"\\\{[^}]+}", "[^/]+") + "$";
                    _operations.Add((method.ToUpperInvariant(), new Regex(pattern), template.Count(c => c == '{'), template, op));
                }
            }
        }
    }

    /// <summary>The document the app serves, as committed.</summary>
    public static DocumentContract Served => ServedDocument.Value;

    /// <summary>Answers checked against a documented operation, for the contract test's figures.</summary>
    public static int Checked => _checked;

    private static int _checked;

    /// <summary>The documented operation a request is: its path template and operation object; null for none.</summary>
    public (string Template, JsonObject Operation)? Find(string method, string path)
    {
        var match = _operations.Where(o => o.Method == method && o.Path.IsMatch(path)).OrderBy(o => o.Parameters).FirstOrDefault();
        return match.Operation is null ? null : (match.Template, match.Operation);
    }

    /// <summary>Why the answer breaks the document, or null when it keeps it (or the request is no documented operation).</summary>
    public string? Check(string method, string path, int status, string? mediaType, byte[] body)
    {
        // Kestrel refuses a request it cannot take (a NUL in the path, a request line or headers over its limits) before
        // any endpoint, with an empty answer: that is the server's, not an operation's.
        if (mediaType is null && body.Length == 0 && status is 400 or 414 or 431)
        {
            return null;
        }

        if (Find(method, RoutedPath(path)) is not { } found)
        {
            return null;
        }

        Interlocked.Increment(ref _checked);
        var responses = found.Operation["responses"]!.AsObject();
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.ContainsKey(key) && !responses.ContainsKey("default"))
        {
            return $"{method} {found.Template}: status {status} is not documented ({string.Join(", ", responses.Select(r => r.Key))}).";
        }

        var schema = _schemas.GetOrAdd((found.Template, method, responses.ContainsKey(key) ? key : "default"), k => Schema(responses[k.Status]!["schema"]));
        if (schema is null)
        {
            return null;
        }

        if (mediaType is null || !(mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)))
        {
            return $"{method} {found.Template} {status}: the document gives a JSON schema, the answer is {mediaType ?? "without a body"}.";
        }

        using var json = JsonDocument.Parse(body);
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")).Take(5);
        return $"{method} {found.Template} {status}: the body breaks its schema: {string.Join("; ", errors)}";
    }

    private JsonSchema? Schema(JsonNode? swaggerSchema)
    {
        if (swaggerSchema is null)
        {
            return null;
        }

        // $id comes first: JsonSchema.Net resolves a $ref written before it against a base of its own making. A fresh id
        // per schema, as it keeps every built schema in one registry by id.
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://contract.test/{Interlocked.Increment(ref _schemaCount)}",
            ["$defs"] = _definitions.DeepClone(),
        };
        foreach (var (key, value) in Convert(swaggerSchema)!.AsObject())
        {
            root[key] = value?.DeepClone();
        }

        return JsonSchema.FromText(root.ToJsonString());
    }

    /// <summary>
    /// The path as routing sees it: Kestrel decodes it (all but <c>%2F</c>) and removes dot segments, so
    /// <c>/subscriptions/..%2F..</c> and <c>/subscriptions/..</c> are not the subscription route.
    /// </summary>
    private static string RoutedPath(string path)
    {
        var decoded = Uri.UnescapeDataString(path.Replace("%2F", "%252F", StringComparison.OrdinalIgnoreCase));
        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 1)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>A Swagger 2.0 schema as JSON Schema 2020-12; the vendor extensions and examples are left out.</summary>
    private static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var converted = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal) || key is "example" || (key == "type" && (string?)value == "file"))
                    {
                        continue;
                    }

                    converted[key] = key == "$ref"
                        ? ((string)value!).Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal)
                        : key is "properties" or "definitions" ? ConvertEach(value!.AsObject()) : Convert(value);
                }

                if ((bool?)obj["x-nullable"] == true)
                {
                    if (converted["type"] is JsonValue type)
                    {
                        converted["type"] = new JsonArray((string)type!, "null");
                    }
                    else if (converted["$ref"] is { } reference)
                    {
                        converted.Remove("$ref");
                        converted["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.DeepClone() }, new JsonObject { ["type"] = "null" });
                    }
                }

                return converted;
            }

            case JsonArray array:
                return new JsonArray(array.Select(Convert).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>A map of names to schemas (properties, definitions): every value converted, the names kept.</summary>
    private static JsonObject ConvertEach(JsonObject schemas)
    {
        var converted = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            converted[name] = Convert(schema);
        }

        return converted;
    }
}

/// <summary>
/// Checks every answer an HTTP client of the suite receives against <see cref="DocumentContract.Served"/>: an answer the
/// document does not describe fails the request that got it (<see cref="ContractViolationException"/>).
/// </summary>
public sealed class ContractCheckingHandler(DocumentContract contract, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ContractCheckingHandler(DocumentContract contract)
        : this(contract, new SocketsHttpHandler())
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var violation = contract.Check(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, body);
        if (violation is not null)
        {
            throw new ContractViolationException(violation);
        }

        return response;
    }
}

public sealed class ContractViolationException(string message) : Exception(message);
