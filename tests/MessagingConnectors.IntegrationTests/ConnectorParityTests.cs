using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// Every operation of the published ClickSend connector exists in our API with the same parameter
/// names, requiredness and visibility, except the differences listed (with reasons) in
/// docs/clicksend-connector-parity.md.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed partial class ConnectorParityTests(Azurite azurite)
{
    private static readonly string PublishedPath =
        Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "reference", "clicksend-connector.runtime-swagger.json"));

    private static readonly string DifferencesPath = Path.Combine(RepoPaths.Root, "docs", "clicksend-connector-parity.md");

    /// <summary>The connector's snake_case operationIds that our PascalCase names do not follow mechanically.</summary>
    private static readonly Dictionary<string, string> RenamedOperations = new(StringComparer.Ordinal)
    {
        ["sms_send"] = "SendSms",
    };

    public sealed record Field(string Operation, string Name, bool Required, string Visibility);

    [Fact]
    public async Task Every_published_operation_exists_with_matching_parameters()
    {
        Assert.True(File.Exists(PublishedPath), $"The published connector definition is missing at {PublishedPath}.");
        var published = JsonNode.Parse(await File.ReadAllTextAsync(PublishedPath))!;
        await using var sandbox = await SandboxServer.StartAsync();
        await using var app = await TestApp.StartAsync(TestApp.Settings(azurite, sandbox));
        var ours = await (await app.Client.GetAsync("api/swagger.json")).ReadJson();
        AssertParity(published, ours, "/api/swagger.json");
    }

    [Fact]
    public async Task The_exported_clicksend_connector_matches_the_published_one()
    {
        Assert.True(File.Exists(PublishedPath), $"The published connector definition is missing at {PublishedPath}.");
        var exported = Path.Combine(RepoPaths.Root, "connector", "clicksend", "apiDefinition.swagger.json");
        Assert.True(File.Exists(exported), $"{exported} is missing: run the connector export.");
        var published = JsonNode.Parse(await File.ReadAllTextAsync(PublishedPath))!;
        AssertParity(published, JsonNode.Parse(await File.ReadAllTextAsync(exported))!, "connector/clicksend/apiDefinition.swagger.json");
    }

    private static void AssertParity(JsonNode published, JsonNode ours, string source)
    {
        var allowed = ReadDifferences();
        var mismatches = Compare(published, ours).Where(m => !allowed.Contains((m.Operation, m.Field))).ToList();
        Assert.True(mismatches.Count == 0,
            $"Differences of {source} from the published connector that docs/clicksend-connector-parity.md does not list:\n" +
            string.Join("\n", mismatches.Select(m => $"| {m.Operation} | {m.Field} | {m.Difference} |")));

        var stale = allowed.Where(a => !Compare(published, ours).Any(m => (m.Operation, m.Field) == a)).ToList();
        Assert.True(stale.Count == 0, "Listed differences that no longer exist (remove them): " + string.Join(", ", stale));
    }

    public sealed record Mismatch(string Operation, string Field, string Difference);

    private static IEnumerable<Mismatch> Compare(JsonNode published, JsonNode ours)
    {
        foreach (var (path, item) in published["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject())
            {
                if (operationNode?["operationId"] is not { } idNode)
                {
                    continue;
                }

                var officialId = (string)idNode!;
                var ourPath = "/clicksend" + path.Replace("/{connectionId}", "", StringComparison.Ordinal).Replace("/ms-flow", "", StringComparison.Ordinal);
                var ourOperation = ours["paths"]?[ourPath]?[method];
                var expectedId = RenamedOperations.GetValueOrDefault(officialId) ?? Pascal(officialId);
                if (ourOperation is null)
                {
                    yield return new Mismatch(officialId, "*", $"missing: {method.ToUpperInvariant()} {ourPath}");
                    continue;
                }

                if ((string?)ourOperation["operationId"] != expectedId)
                {
                    yield return new Mismatch(officialId, "*", $"operationId is {(string?)ourOperation["operationId"]}, expected {expectedId}");
                }

                var theirs = Fields(published, operationNode, officialId).ToDictionary(f => f.Name);
                var mine = Fields(ours, ourOperation, officialId).ToDictionary(f => f.Name);
                foreach (var field in theirs.Values)
                {
                    if (!mine.TryGetValue(field.Name, out var our))
                    {
                        yield return new Mismatch(officialId, field.Name, "missing");
                        continue;
                    }

                    if (our.Required != field.Required)
                    {
                        yield return new Mismatch(officialId, field.Name, $"required {our.Required}, published {field.Required}");
                    }

                    if (our.Visibility != field.Visibility && field.Visibility != "")
                    {
                        yield return new Mismatch(officialId, field.Name, $"visibility {our.Visibility}, published {field.Visibility}");
                    }
                }
            }
        }
    }

    /// <summary>Query, path and body fields of an operation, body fields flattened as "messages[].to".</summary>
    private static IEnumerable<Field> Fields(JsonNode document, JsonNode operation, string operationId)
    {
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = (string)parameter!["name"]!;
            if (name == "connectionId" || (string?)parameter["in"] == "header")
            {
                continue;
            }

            if ((string?)parameter["in"] == "body")
            {
                foreach (var field in Properties(document, parameter["schema"], "", operationId))
                {
                    yield return field;
                }

                continue;
            }

            yield return new Field(operationId, name, (bool?)parameter["required"] ?? false, (string?)parameter["x-ms-visibility"] ?? "");
        }
    }

    private static IEnumerable<Field> Properties(JsonNode document, JsonNode? schema, string prefix, string operationId)
    {
        schema = Resolve(document, schema);
        var required = schema?["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            var resolved = Resolve(document, property);
            yield return new Field(operationId, prefix + name, required.Contains(name), (string?)property!["x-ms-visibility"] ?? (string?)resolved?["x-ms-visibility"] ?? "");
            var items = (string?)resolved?["type"] == "array" ? Resolve(document, resolved!["items"]) : null;
            if (items?["properties"] is not null)
            {
                foreach (var nested in Properties(document, items, prefix + name + "[].", operationId))
                {
                    yield return nested;
                }
            }
        }
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema) =>
        schema?["$ref"] is { } reference ? document["definitions"]![((string)reference!).Split('/')[^1]] : schema;

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>Rows "| operation | field | difference | reason |" of the markdown table in the differences document.</summary>
    private static HashSet<(string Operation, string Field)> ReadDifferences()
    {
        Assert.True(File.Exists(DifferencesPath), $"{DifferencesPath} is missing.");
        var rows = new HashSet<(string, string)>();
        foreach (var line in File.ReadLines(DifferencesPath))
        {
            var match = TableRow().Match(line);
            if (match.Success)
            {
                rows.Add((match.Groups["operation"].Value, match.Groups["field"].Value));
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*`(?<operation>[a-z_]+)`\s*\|\s*`(?<field>[^`]+)`\s*\|")]
    private static partial Regex TableRow();
}
