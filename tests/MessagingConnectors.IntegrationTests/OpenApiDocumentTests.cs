using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MessagingConnectors.ApiExport;
using MessagingConnectors.IntegrationTests.Infrastructure;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Sandbox;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The served Swagger 2.0 document meets the connector rules everywhere (every gap is listed at once),
/// and the committed connector/ folder and served documents are exactly what the export writes.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed partial class OpenApiDocumentTests(Azurite azurite)
{
    /// <summary>The host the committed connector files are exported for.</summary>
    public const string PlaceholderHost = "messaging-connectors.azurewebsites.net";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public async Task Every_operation_parameter_and_property_of_the_served_document_is_described()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        await using var app = await TestApp.StartAsync(TestApp.Settings(azurite, sandbox));
        var document = await (await app.Client.GetAsync("api/swagger.json")).ReadJson();

        var gaps = Gaps(document).ToList();
        Assert.True(gaps.Count == 0, $"{gaps.Count} gaps in /api/swagger.json:\n" + string.Join("\n", gaps));
    }

    [Fact]
    public async Task The_served_document_carries_the_power_platform_extensions()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        await using var app = await TestApp.StartAsync(TestApp.Settings(azurite, sandbox));
        var document = await (await app.Client.GetAsync("api/swagger.json")).ReadJson();

        var country = document["definitions"]!["SmsMessage"]!["properties"]!["country"]!["x-ms-dynamic-values"]!;
        Assert.Equal("GetCountries", (string?)country["operationId"]);
        Assert.Equal("data", (string?)country["value-collection"]);
        Assert.Equal("GetVoiceLanguages", (string?)document["definitions"]!["VoiceMessage"]!["properties"]!["lang"]!["x-ms-dynamic-values"]!["operationId"]);
        Assert.Equal("GetReturnAddresses", (string?)document["definitions"]!["PostRecipient"]!["properties"]!["return_address_id"]!["x-ms-dynamic-values"]!["operationId"]);
        Assert.Equal("SerwerSmsSenderPicker", (string?)document["definitions"]!["SerwerSmsSendSmsRequest"]!["properties"]!["sender"]!["x-ms-dynamic-values"]!["operationId"]);
        Assert.Equal("SerwerSmsGroupPicker", (string?)document["definitions"]!["SerwerSmsSendSmsRequest"]!["properties"]!["group_id"]!["items"]!["x-ms-dynamic-values"]!["operationId"]);
        var listParameter = document["paths"]!["/clicksend/lists/{list_id}/contacts"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "list_id")!;
        Assert.Equal("data/data", (string?)listParameter["x-ms-dynamic-values"]!["value-collection"]);

        var trigger = document["paths"]!["/clicksend/automations/sms/inbound"]!;
        Assert.Equal("single", (string?)trigger["post"]!["x-ms-trigger"]);
        Assert.NotNull(trigger["x-ms-notification-content"]!["schema"]);
        Assert.Equal(true, (bool?)document["definitions"]!["SmsInboundAutomationRequest"]!["properties"]!["action_address"]!["x-ms-notification-url"]);
        Assert.Contains(document["x-ms-connector-metadata"]!.AsArray(), m => (string?)m!["propertyName"] == "Categories");
        Assert.Equal("x-functions-key", (string?)document["securityDefinitions"]!["function_key"]!["name"]);
    }

    [Fact]
    public async Task The_served_documents_name_the_address_they_were_fetched_from()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        await using var app = await TestApp.StartAsync(TestApp.Settings(azurite, sandbox));
        var address = app.Client.BaseAddress!;

        foreach (var path in new[] { "api/swagger.json", "api/openapi/v2.json" })
        {
            var document = await (await app.Client.GetAsync(path)).ReadJson();
            Assert.Equal(address.Authority, (string?)document["host"]);
            Assert.Equal([address.Scheme], document["schemes"]!.AsArray().Select(s => (string?)s));
            Assert.Equal("/api", (string?)document["basePath"]);
        }

        var v3 = await (await app.Client.GetAsync("api/openapi/v3.json")).ReadJson();
        Assert.Equal($"{address.Scheme}://{address.Authority}/api", (string?)v3["servers"]![0]!["url"]);

        // A generated client follows host, scheme and basePath: an operation read from the document is reachable there.
        var swagger = await (await app.Client.GetAsync("api/swagger.json")).ReadJson();
        using var direct = new HttpClient();
        var health = await direct.GetAsync($"{swagger["schemes"]![0]}://{swagger["host"]}{swagger["basePath"]}/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void The_committed_connectors_served_documents_and_function_classes_are_the_exports_output()
    {
        var fresh = Path.Combine(Path.GetTempPath(), "api-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            Export.Write(PlaceholderHost, Path.Combine(fresh, Export.DocumentsFolder), Path.Combine(fresh, Export.ConnectorFolder),
                Path.Combine(fresh, FunctionClasses.SourceFile));

            var differences = Differences(RepoPaths.Root, fresh, Export.ConnectorFolder)
                .Concat(Differences(RepoPaths.Root, fresh, Export.DocumentsFolder))
                .Concat(Differences(RepoPaths.Root, fresh, Path.GetDirectoryName(FunctionClasses.SourceFile)!)
                    .Where(d => d.EndsWith(Path.GetFileName(FunctionClasses.SourceFile), StringComparison.Ordinal))).ToList();
            Assert.True(differences.Count == 0,
                $"the committed export is stale; run `dotnet run --project src/MessagingConnectors.ApiExport -- --host {PlaceholderHost}` " +
                "and commit the result:\n" + string.Join("\n", differences));
        }
        finally
        {
            if (Directory.Exists(fresh))
            {
                Directory.Delete(fresh, recursive: true);
            }
        }
    }

    [Fact]
    public void The_served_documents_are_the_committed_files_byte_for_byte()
    {
        foreach (var file in new[] { ApiDocuments.SwaggerFile, ApiDocuments.OpenApiV3File })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, Export.DocumentsFolder, file)), ApiDocuments.Read(file));
        }
    }

    [Theory]
    [InlineData("https://" + PlaceholderHost)]
    [InlineData(PlaceholderHost + "/api")]
    public void The_export_refuses_a_host_that_is_not_a_bare_host_name(string host)
    {
        var root = Path.Combine(Path.GetTempPath(), "api-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            File.WriteAllText(Path.Combine(root, "Functions.sln"), "");
            Assert.Equal(2, Export.Run([Export.HostOption, host, Export.RootOption, root]));
            Assert.Equal(["Functions.sln"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_export_refuses_a_root_that_is_not_the_repository()
    {
        var root = Path.Combine(Path.GetTempPath(), "api-export-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(2, Export.Run([Export.HostOption, PlaceholderHost, Export.RootOption, root]));
        Assert.False(Directory.Exists(root));
    }

    /// <summary>Files of <paramref name="folder"/> that differ between the checkout and a fresh export, one line each.</summary>
    private static IEnumerable<string> Differences(string committedRoot, string freshRoot, string folder)
    {
        static string[] Files(string root) => Directory.Exists(root)
            ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()
            : [];

        var committed = Path.Combine(committedRoot, folder);
        var fresh = Path.Combine(freshRoot, folder);
        var label = folder.Replace('\\', '/');
        var ours = Files(committed);
        var theirs = Files(fresh);
        foreach (var missing in theirs.Except(ours))
        {
            yield return $"missing from {label}/: {missing}";
        }

        foreach (var extra in ours.Except(theirs))
        {
            yield return $"not written by the export: {label}/{extra}";
        }

        foreach (var file in ours.Intersect(theirs))
        {
            if (!File.ReadAllBytes(Path.Combine(committed, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fresh, file))))
            {
                yield return $"differs: {label}/{file}";
            }
        }
    }

    /// <summary>Every place the connector rules are not met, as one line each.</summary>
    public static IEnumerable<string> Gaps(JsonNode document)
    {
        foreach (var (name, _) in document["definitions"]?.AsObject() ?? [])
        {
            if (!PlainName().IsMatch(name))
            {
                yield return $"definition {name}: not a plain identifier";
            }
        }

        foreach (var (name, schema) in document["definitions"]?.AsObject() ?? [])
        {
            foreach (var gap in SchemaGaps(schema, $"definitions.{name}", isProperty: false))
            {
                yield return gap;
            }
        }

        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => Methods.Contains(p.Key)))
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                var id = (string?)operation!["operationId"];
                if (id is null || !PascalCase().IsMatch(id) || !operationIds.Add(id))
                {
                    yield return $"{where}: operationId '{id}' is missing, not PascalCase or not unique";
                }

                var summary = (string?)operation["summary"];
                var description = (string?)operation["description"];
                if (string.IsNullOrWhiteSpace(summary) || summary.EndsWith('.') || summary.Length > 80)
                {
                    yield return $"{where}: summary '{summary}' is missing, ends with a period or is over 80 characters";
                }

                if (string.IsNullOrWhiteSpace(description) || string.Equals(description, summary, StringComparison.OrdinalIgnoreCase) || !description.TrimEnd().EndsWith('.'))
                {
                    yield return $"{where}: description is missing, equals the summary or is not a sentence";
                }

                if (operation["tags"]?.AsArray().Count is not > 0)
                {
                    yield return $"{where}: no tags";
                }

                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    var parameterWhere = $"{where} parameter {(string?)parameter!["name"]}";
                    if ((string?)parameter["in"] == "body")
                    {
                        foreach (var gap in SchemaGaps(parameter["schema"], parameterWhere, isProperty: false))
                        {
                            yield return gap;
                        }

                        continue;
                    }

                    foreach (var gap in Described(parameter, parameterWhere))
                    {
                        yield return gap;
                    }
                }

                foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
                {
                    var reference = (string?)response?["schema"]?["$ref"];
                    // A 202 has nothing to return (a polling trigger's "nothing new"): only its headers matter.
                    if (status.StartsWith('2') && status != "202" && response?["schema"] is null)
                    {
                        yield return $"{where} {status}: no schema";
                    }
                    else if (!status.StartsWith('2') && reference is not ("#/definitions/ProblemDetails" or "#/definitions/HttpValidationProblemDetails"))
                    {
                        yield return $"{where} {status}: not problem details";
                    }

                    foreach (var gap in SchemaGaps(response?["schema"], $"{where} {status}", isProperty: false))
                    {
                        yield return gap;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Described(JsonNode node, string where)
    {
        if (string.IsNullOrWhiteSpace((string?)node["x-ms-summary"]))
        {
            yield return $"{where}: no x-ms-summary";
        }

        if (string.IsNullOrWhiteSpace((string?)node["description"]))
        {
            yield return $"{where}: no description";
        }
    }

    private static IEnumerable<string> SchemaGaps(JsonNode? schema, string where, bool isProperty)
    {
        if (schema is not JsonObject node || node["$ref"] is not null)
        {
            yield break;
        }

        foreach (var composition in new[] { "allOf", "oneOf", "anyOf" }.Where(node.ContainsKey))
        {
            yield return $"{where}: {composition}";
        }

        if (isProperty)
        {
            foreach (var gap in Described(node, where))
            {
                yield return gap;
            }
        }

        if (node["type"] is null && node["properties"] is null && node["items"] is null)
        {
            yield return $"{where}: empty schema";
        }

        if (node["additionalProperties"] is JsonObject { Count: 0 })
        {
            yield return $"{where}: empty additionalProperties schema";
        }

        if ((string?)node["type"] == "array" && node["items"] is null)
        {
            yield return $"{where}: array without items";
        }

        foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
        {
            foreach (var gap in SchemaGaps(property, $"{where}.{name}", isProperty: true))
            {
                yield return gap;
            }
        }

        foreach (var gap in SchemaGaps(node["items"], where + "[]", isProperty: false))
        {
            yield return gap;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex PlainName();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex PascalCase();
}
