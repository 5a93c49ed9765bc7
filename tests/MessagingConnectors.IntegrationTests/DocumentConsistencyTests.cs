using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using MessagingConnectors.Idempotency;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// Both served documents stand on their own, as a client generator reads them: every <c>$ref</c> resolves in its own
/// document, and what the app sends or takes is declared with its type in each: every schema field, every problem member
/// the app adds (<see cref="Problems.Members"/>, with nothing else allowed, which the suite's contract check holds every
/// answer to), the headers it sets (<c>Idempotent-Replayed</c> on a send's answers, <c>Retry-After</c> on a 429) and the
/// provider credential headers it reads (as security schemes), every enum's type and the file part of an upload. Every
/// gap is listed at once.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class DocumentConsistencyTests(Azurite azurite) : AppOnSandboxTests(azurite)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static readonly string[] CredentialHeaders =
    [
        MessagingConnectors.ClickSend.ClickSendAccount.UsernameHeader, MessagingConnectors.ClickSend.ClickSendAccount.ApiKeyHeader, MessagingConnectors.SerwerSms.SerwerSmsAccount.TokenHeader,
        MessagingConnectors.SerwerSms.SerwerSmsAccount.UsernameHeader, MessagingConnectors.SerwerSms.SerwerSmsAccount.PasswordHeader, MessagingConnectors.Clipsan.ClipsanAccount.KeyHeader,
    ];

    [Theory]
    [InlineData("api/swagger.json")]
    [InlineData("api/openapi/v3.json")]
    public async Task Every_reference_resolves_in_its_own_document(string path)
    {
        var document = await (await App.Client.GetAsync(path)).ReadJson();

        var unresolved = Nodes(document, "#").Where(n => n.Node is JsonObject o && o["$ref"] is JsonValue)
            .Select(n => (n.Pointer, Ref: (string)n.Node["$ref"]!))
            .Where(r => Resolve(document, r.Ref) is null)
            .Select(r => $"{r.Pointer}: {r.Ref}").ToList();
        Assert.True(unresolved.Count == 0, $"{unresolved.Count} references that do not resolve in {path}:\n" + string.Join("\n", unresolved));
    }

    [Theory]
    [InlineData("api/swagger.json")]
    [InlineData("api/openapi/v3.json")]
    public async Task Every_field_header_and_value_the_app_uses_is_declared_with_its_type(string path)
    {
        var document = await (await App.Client.GetAsync(path)).ReadJson();
        var v3 = document["openapi"] is not null;
        var gaps = new List<string>();

        // Every property and enum of every schema has a type (or is a reference to one).
        foreach (var (pointer, node) in Nodes(document, "#"))
        {
            if (node is JsonObject schema && pointer.Split('/') is [.., "properties", _] && !IsTyped(schema))
            {
                gaps.Add($"{pointer}: no type");
            }

            if (node is JsonObject withEnum && withEnum["enum"] is JsonArray && withEnum["type"] is null)
            {
                gaps.Add($"{pointer}: an enum without its type");
            }
        }

        // The credential headers the app reads are declared where generated clients and Swagger UI look for them.
        var schemes = (v3 ? document["components"]!["securitySchemes"] : document["securityDefinitions"])!.AsObject();
        foreach (var header in CredentialHeaders)
        {
            if (!schemes.Any(s => (string?)s.Value!["type"] == "apiKey" && (string?)s.Value["in"] == "header" && (string?)s.Value["name"] == header))
            {
                gaps.Add($"credential header {header}: no apiKey security scheme");
            }
        }

        foreach (var (route, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                var where = $"{method.ToUpperInvariant()} {route}";
                var sendsOnce = operation["parameters"]?.AsArray().Any(p => (string?)p!["name"] == IdempotencyKeys.Header) == true;
                foreach (var (status, answer) in operation["responses"]!.AsObject())
                {
                    var headers = answer!["headers"]?.AsObject();
                    if (sendsOnce && headers?[IdempotencyKeys.ReplayedHeader] is null)
                    {
                        gaps.Add($"{where} {status}: no {IdempotencyKeys.ReplayedHeader} header");
                    }

                    if (status == "429" && headers?["Retry-After"] is null)
                    {
                        gaps.Add($"{where} 429: no Retry-After header");
                    }

                    foreach (var (name, header) in headers ?? [])
                    {
                        if (!IsTyped(v3 ? header!["schema"]!.AsObject() : header!.AsObject()))
                        {
                            gaps.Add($"{where} {status}: header {name} has no type");
                        }
                    }

                    if (ProblemSchema(document, answer!, v3) is { } problem)
                    {
                        gaps.AddRange(ProblemGaps(problem).Select(gap => $"{where} {status}: {gap}"));
                    }
                }

                if (operation["x-json-form"] is not null && !DeclaresFilePart(operation, v3))
                {
                    gaps.Add($"{where}: the upload's multipart form declares no file part");
                }
            }
        }

        Assert.True(gaps.Count == 0, $"{gaps.Count} gaps in {path}:\n" + string.Join("\n", gaps.Distinct()));
    }

    private static IEnumerable<string> ProblemGaps(JsonObject problem)
    {
        foreach (var (name, type, _, _) in Problems.Members.All)
        {
            if (problem["properties"]?[name] is not JsonObject member || !IsTyped(member))
            {
                yield return $"problem member {name} ({type.Name}) is not declared with its type";
            }
        }

        if (problem["additionalProperties"] is not JsonValue allowed || (bool)allowed)
        {
            yield return "the problem schema allows undeclared members";
        }
    }

    /// <summary>The schema of a problem answer (<c>application/problem+json</c>, or Swagger 2.0's ProblemDetails types), resolved.</summary>
    private static JsonObject? ProblemSchema(JsonNode document, JsonNode answer, bool v3)
    {
        var schema = v3 ? answer["content"]?["application/problem+json"]?["schema"] : answer["schema"];
        if (schema?["$ref"] is not JsonValue reference)
        {
            return null;
        }

        var resolved = Resolve(document, (string)reference!) as JsonObject;
        return v3 || ((string)reference!).EndsWith("ProblemDetails", StringComparison.Ordinal) ? resolved : null;
    }

    private static bool DeclaresFilePart(JsonNode operation, bool v3) => v3
        ? operation["requestBody"]?["content"]?["multipart/form-data"]?["schema"]?["properties"]?.AsObject()
            .Any(p => (string?)p.Value!["type"] == "string" && (string?)p.Value["format"] == "binary") == true
        : operation["parameters"]?.AsArray().Any(p => (string?)p!["in"] == "formData" && (string?)p["type"] == "file") == true;

    private static bool IsTyped(JsonObject schema) =>
        schema["type"] is not null || schema["$ref"] is not null || schema["allOf"] is not null || schema["anyOf"] is not null || schema["oneOf"] is not null;

    /// <summary>The node a local reference (<c>#/a/b</c>) points at in <paramref name="document"/>; null when it does not resolve.</summary>
    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = document;
        foreach (var token in reference[2..].Split('/'))
        {
            node = node is JsonObject obj ? obj[Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null;
        }

        return node;
    }

    /// <summary>Every object and array in the document with its JSON pointer; examples are values, not schemas, and are skipped.</summary>
    private static IEnumerable<(string Pointer, JsonNode Node)> Nodes(JsonNode node, string pointer)
    {
        yield return (pointer, node);
        IEnumerable<(string Key, JsonNode? Value)> children = node switch
        {
            JsonObject obj => obj.Where(p => p.Key is not ("example" or "examples" or "x-example")).Select(p => (p.Key, p.Value)),
            JsonArray array => array.Select((value, index) => (index.ToString(System.Globalization.CultureInfo.InvariantCulture), value)),
            _ => [],
        };
        foreach (var (key, value) in children)
        {
            if (value is JsonObject or JsonArray)
            {
                foreach (var child in Nodes(value, pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)))
                {
                    yield return child;
                }
            }
        }
    }
}
