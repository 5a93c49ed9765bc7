using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MessagingConnectors.OpenApi;

namespace MessagingConnectors.ApiExport;

/// <summary>
/// Writes <c>connector/&lt;provider&gt;/</c> from the app's Swagger 2.0 document: the provider's operations
/// (by tag) with only the definitions they reference, the connection parameters and header policies,
/// an icon and a README. The output depends only on the code and the host, byte for byte.
/// </summary>
public static partial class ConnectorExport
{
    public const string DefinitionFile = "apiDefinition.swagger.json";
    public const string PropertiesFile = "apiProperties.json";
    public const string IconFile = "icon.png";
    public const string ReadmeFile = "README.md";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch"];

    /// <summary>Top-level keys in the order the connector rules ask for.</summary>
    private static readonly string[] DocumentOrder =
    [
        "swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
        "parameters", "responses", "securityDefinitions", "security", "tags", "x-ms-connector-metadata",
    ];

    public static bool IsValidHost(string host) => HostPattern().IsMatch(host);

    /// <summary>Writes every connector under <paramref name="directory"/>; returns the folders written.</summary>
    public static IReadOnlyList<string> WriteAll(JsonObject full, string host, string directory)
    {
        if (!IsValidHost(host))
        {
            throw new ArgumentException($"'{host}' is not a host name (no scheme, path or port), e.g. func-msgconn-abc123.azurewebsites.net.", nameof(host));
        }

        var written = new List<string>();
        foreach (var profile in ConnectorProfiles.All)
        {
            var folder = Path.Combine(directory, profile.Folder);
            Directory.CreateDirectory(folder);
            var definition = Definition(full, profile, host);
            WriteText(Path.Combine(folder, DefinitionFile), Json(definition));
            WriteText(Path.Combine(folder, PropertiesFile), Json(Properties(profile)));
            File.WriteAllBytes(Path.Combine(folder, IconFile), PngIcon.Create(160, profile.BrandColor, profile.IconLetters));
            WriteText(Path.Combine(folder, ReadmeFile), Readme(profile, definition, host));
            written.Add(folder);
        }

        WriteText(Path.Combine(directory, ReadmeFile), Index());
        return written;
    }

    /// <summary>
    /// An upload as a connector takes it: the JSON form, whose file content is <c>format: byte</c>, so a flow passes a
    /// previous step's file content as it is (Power Automate base64-encodes it), instead of the multipart form the app's
    /// own document offers for Swagger UI and generated clients.
    /// </summary>
    private static JsonObject WithJsonFileForm(JsonObject operation)
    {
        if (operation[FileUploadOperationFilter.JsonFormExtension] is not { } form)
        {
            return operation;
        }

        operation.Remove(FileUploadOperationFilter.JsonFormExtension);
        var parameters = new JsonArray();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if ((string?)parameter!["in"] != "formData")
            {
                parameters.Add(parameter.DeepClone());
            }
        }

        parameters.Add(new JsonObject
        {
            ["in"] = "body",
            ["name"] = "body",
            ["required"] = true,
            ["schema"] = new JsonObject { ["$ref"] = $"#/definitions/{(string?)form}" },
        });
        operation["parameters"] = parameters;
        operation["consumes"] = new JsonArray("application/json");
        return operation;
    }

    /// <summary>The provider's part of the document, ready for import.</summary>
    public static JsonObject Definition(JsonObject full, ConnectorProfile profile, string host)
    {
        var paths = new JsonObject();
        foreach (var (path, item) in full["paths"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var kept = new JsonObject();
            foreach (var (key, value) in item!.AsObject())
            {
                var isOperation = Methods.Contains(key);
                if (isOperation && value?["tags"]?.AsArray().Any(t => (string?)t == profile.Tag || profile.SharedTags.Contains((string?)t)) != true)
                {
                    continue;
                }

                kept[key] = isOperation ? WithJsonFileForm(value!.DeepClone().AsObject()) : value!.DeepClone();
            }

            if (kept.Any(p => Methods.Contains(p.Key)))
            {
                paths[path] = kept;
            }
        }

        var allDefinitions = full["definitions"]!.AsObject();
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<JsonNode>([paths]);
        while (pending.TryDequeue(out var node))
        {
            foreach (var name in References(node))
            {
                if (referenced.Add(name))
                {
                    pending.Enqueue(allDefinitions[name] ?? throw new InvalidOperationException($"#/definitions/{name} is referenced but not defined."));
                }
            }
        }

        var definitions = new JsonObject();
        foreach (var name in referenced)
        {
            definitions[name] = allDefinitions[name]!.DeepClone();
        }

        var document = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject
            {
                ["title"] = profile.Title,
                ["description"] = profile.Description,
                ["version"] = (string?)full["info"]?["version"] ?? "1.0",
                ["contact"] = new JsonObject
                {
                    ["name"] = ConnectorProfiles.PublisherName,
                    ["url"] = $"https://{host}/api/swagger/ui",
                },
            },
            ["host"] = host,
            ["basePath"] = ApiDocuments.BasePath,
            ["schemes"] = new JsonArray("https"),
            ["consumes"] = new JsonArray("application/json"),
            ["produces"] = new JsonArray("application/json"),
            ["paths"] = paths,
            ["definitions"] = definitions,
            ["parameters"] = new JsonObject(),
            ["responses"] = new JsonObject(),
            ["securityDefinitions"] = new JsonObject
            {
                [ConnectorProfiles.FunctionKeyParameter] = new JsonObject
                {
                    ["type"] = "apiKey",
                    ["in"] = "header",
                    ["name"] = ConnectorProfiles.FunctionKeyHeader,
                },
            },
            ["security"] = new JsonArray(new JsonObject { [ConnectorProfiles.FunctionKeyParameter] = new JsonArray() }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = profile.Tag }),
            ["x-ms-connector-metadata"] = new JsonArray(
                Metadata("Website", profile.Website),
                Metadata("Privacy policy", profile.PrivacyPolicy),
                Metadata("Categories", profile.Categories)),
        };

        var ordered = new JsonObject();
        foreach (var key in DocumentOrder)
        {
            ordered[key] = document[key]!.DeepClone();
        }

        return ordered;
    }

    /// <summary>apiProperties.json: the function key and the provider's credentials, each applied as a header.</summary>
    public static JsonObject Properties(ConnectorProfile profile)
    {
        var parameters = new JsonObject
        {
            [ConnectorProfiles.FunctionKeyParameter] = Parameter(
                "Function Key",
                "The function key of your Messaging Connectors function app (az functionapp keys list, functionKeys.default).",
                required: true, tabIndex: 1),
        };
        var policies = new JsonArray();
        var tab = 2;
        foreach (var credential in profile.Credentials)
        {
            parameters[credential.Name] = Parameter(credential.DisplayName, credential.Description, credential.Required, tab++);
            policies.Add(new JsonObject
            {
                ["templateId"] = "setheader",
                ["title"] = $"Send {credential.DisplayName} as {credential.Header}",
                ["parameters"] = new JsonObject
                {
                    ["x-ms-apimTemplateParameter.name"] = credential.Header,
                    ["x-ms-apimTemplateParameter.value"] = $"@connectionParameters('{credential.Name}')",
                    ["x-ms-apimTemplateParameter.existsAction"] = "override",
                    ["x-ms-apimTemplate-policySection"] = "Request",
                },
            });
        }

        return new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["connectionParameters"] = parameters,
                ["iconBrandColor"] = profile.BrandColor,
                ["capabilities"] = new JsonArray(),
                ["policyTemplateInstances"] = policies,
                ["publisher"] = ConnectorProfiles.PublisherName,
                ["stackOwner"] = ConnectorProfiles.PublisherName,
            },
        };
    }

    private static JsonObject Parameter(string displayName, string description, bool required, int tabIndex) => new()
    {
        ["type"] = "securestring",
        ["uiDefinition"] = new JsonObject
        {
            ["displayName"] = displayName,
            ["description"] = description,
            ["tooltip"] = description,
            ["constraints"] = new JsonObject
            {
                ["required"] = required ? "true" : "false",
                ["tabIndex"] = tabIndex,
            },
        },
    };

    private static JsonObject Metadata(string name, string value) => new() { ["propertyName"] = name, ["propertyValue"] = value };

    private static IEnumerable<string> References(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && (string?)value is { } reference && reference.StartsWith("#/definitions/", StringComparison.Ordinal))
                    {
                        yield return reference["#/definitions/".Length..];
                    }
                    else if (value is not null)
                    {
                        foreach (var name in References(value))
                        {
                            yield return name;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    foreach (var name in References(item))
                    {
                        yield return name;
                    }
                }

                break;
        }
    }

    /// <summary>Four-space indentation, LF line ends, no escaping of readable characters, a trailing newline.</summary>
    public static string Json(JsonNode node)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 4,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return node.ToJsonString(options) + "\n";
    }

    /// <summary>LF line ends, no trailing spaces, one trailing newline, UTF-8 without a byte order mark.</summary>
    internal static void WriteText(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        File.WriteAllText(path, string.Join("\n", lines).TrimEnd('\n') + "\n", new UTF8Encoding(false));
    }

    private static string Readme(ConnectorProfile profile, JsonObject definition, string host)
    {
        var actions = new List<string>();
        var triggers = new List<string>();
        var internals = new List<string>();
        foreach (var (path, item) in definition["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => Methods.Contains(p.Key)))
            {
                var line = $"- **{(string?)operation!["summary"]}** (`{(string?)operation["operationId"]}`, `{method.ToUpperInvariant()} /api{path}`): {(string?)operation["description"]}";
                var visibility = (string?)operation["x-ms-visibility"];
                if (operation["x-ms-trigger"] is not null)
                {
                    triggers.Add(line);
                }
                else if (visibility == "internal")
                {
                    internals.Add(line);
                }
                else
                {
                    actions.Add(line);
                }
            }
        }

        var text = new StringBuilder();
        text.Append($"# {profile.Title}\n\n{profile.Description} The connector talks to the Messaging Connectors backend, an Azure Functions app " +
                    $"you deploy in your own subscription, which calls {profile.Tag} with the credentials of the connection.\n\n");
        text.Append($"## Publisher: {ConnectorProfiles.PublisherName}\n\nThe Messaging Connectors project, from the connector export of its backend " +
                    "(`dotnet run --project src/MessagingConnectors.ApiExport -- --host <host>`). Do not edit these files by hand: " +
                    "change the backend's endpoint metadata and export again.\n\n");
        text.Append("## Prerequisites\n\n");
        text.Append($"- A {profile.Tag} account ({profile.Website}).\n");
        text.Append("- The Messaging Connectors backend deployed to an Azure Functions app (see Deploying the backend) and its function key.\n");
        text.Append("- A Power Automate, Power Apps or Logic Apps environment where you can create custom connectors.\n\n");
        text.Append("## Supported Operations\n\n### Actions\n\n");
        text.Append(string.Join("\n", actions)).Append("\n\n");
        if (triggers.Count > 0)
        {
            text.Append("### Triggers\n\n").Append(string.Join("\n", triggers)).Append("\n\n");
        }

        if (internals.Count > 0)
        {
            text.Append("### Internal operations\n\nHidden in the designer: they fill its dropdowns or are called by the platform.\n\n")
                .Append(string.Join("\n", internals)).Append("\n\n");
        }

        text.Append("## Obtaining Credentials\n\n");
        text.Append("A connection asks for the backend's function key and your own ").Append(profile.Tag).Append(" credentials:\n\n");
        text.Append("- **Function Key** (`x-functions-key`): the function key of the backend's function app, printed by " +
                    "`az functionapp keys list --resource-group <resource-group> --name <function-app> --query functionKeys.default --output tsv`.\n");
        foreach (var credential in profile.Credentials)
        {
            text.Append($"- **{credential.DisplayName}** (sent as `{credential.Header}`): {credential.Description}\n");
        }

        text.Append('\n').Append(profile.ObtainingCredentials).Append("\n\n");
        text.Append("## Deploying the backend\n\n");
        text.Append("1. Deploy the backend as infra/README.md of the repository describes (Bicep templates for Flex Consumption or Consumption, " +
                    "storage, Key Vault and Application Insights, then the package built by `scripts/package.sh`).\n");
        text.Append("2. Export the connectors for your function app's host: " +
                    "`dotnet run --project src/MessagingConnectors.ApiExport -- --host <host>`, where `<host>` is the app's " +
                    $"default host name without `https://`. The files committed here use the placeholder host `{host}`.\n");
        text.Append($"3. Import this folder: `pac connector create --api-definition-file connector/{profile.Folder}/{DefinitionFile} " +
                    $"--api-properties-file connector/{profile.Folder}/{PropertiesFile} --icon-file connector/{profile.Folder}/{IconFile}`.\n");
        text.Append("4. Create a connection with the function key and the credentials above, and use the actions in a flow.\n\n");
        text.Append("## Known Issues and Limitations\n\n");
        foreach (var issue in profile.KnownIssues.Concat(CommonKnownIssues()))
        {
            text.Append("- ").Append(issue).Append('\n');
        }

        text.Append("\n## Differences from the official connector\n\n").Append(profile.Differences).Append('\n');
        return text.ToString();
    }

    private static IEnumerable<string> CommonKnownIssues() =>
    [
        "A connector call times out after about 2 minutes; a send that takes longer is still deduplicated when Power Automate retries it.",
        "Sends are idempotent per flow run and action (or per Idempotency-Key), so retries by Power Automate or Logic Apps never send twice.",
        "Provider credentials left empty in a connection make the backend use the fallback credentials of its settings (Key Vault); with none set, calls fail with a 401 problem.",
        "Errors are RFC 9457 problem details; validation problems name the field as it was sent, e.g. messages[0].to.",
        "Each connection calls the host of the imported definition: export and import again for another function app.",
    ];

    private static string Index()
    {
        var text = new StringBuilder("# Power Platform custom connectors\n\n");
        text.Append("Written by the connector export from the backend's OpenAPI document; do not edit by hand. Regenerate with\n\n");
        text.Append("```bash\ndotnet run --project src/MessagingConnectors.ApiExport -- --host <host>\n```\n\n");
        text.Append("| Folder | Connector | Operations tag |\n|---|---|---|\n");
        foreach (var profile in ConnectorProfiles.All)
        {
            text.Append($"| [`{profile.Folder}/`]({profile.Folder}/README.md) | {profile.Title} | {profile.Tag} |\n");
        }

        text.Append("\nEach folder holds `apiDefinition.swagger.json` (Swagger 2.0), `apiProperties.json` (connection parameters and header ");
        text.Append("policies), `icon.png` and `README.md`. `tests/connectors/validate.test.mjs` checks them against the Swagger 2.0 schema, ");
        text.Append("Microsoft's schemas and the certification ruleset in `tools/spectral/connector-ruleset.yaml`; ");
        text.Append("`OpenApiDocumentTests` fails when they differ from a fresh export for the placeholder host.\n");
        return text.ToString();
    }

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostPattern();
}
