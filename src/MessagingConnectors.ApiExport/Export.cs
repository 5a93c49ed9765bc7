using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using Microsoft.OpenApi;

namespace MessagingConnectors.ApiExport;

/// <summary>
/// <c>dotnet run --project src/MessagingConnectors.ApiExport -- --host &lt;host&gt; [--root &lt;repository&gt;]</c>:
/// generates the OpenAPI document from the app's endpoints and writes the documents the app serves
/// (<c>src/MessagingConnectors/OpenApi/Documents/</c>), the Power Platform connectors (<c>connector/</c>) and the
/// isolated worker's function classes (<c>src/MessagingConnectors.Functions/Functions.g.cs</c>).
/// </summary>
public static class Export
{
    public const string HostOption = "--host";
    public const string RootOption = "--root";
    public const string ConnectorFolder = "connector";
    public static readonly string DocumentsFolder = Path.Combine("src", "MessagingConnectors", "OpenApi", "Documents");

    public static int Run(string[] args)
    {
        var host = ValueAfter(args, HostOption);
        var root = ValueAfter(args, RootOption) ?? Directory.GetCurrentDirectory();
        if (host is null || !ConnectorExport.IsValidHost(host) || !File.Exists(Path.Combine(root, "Functions.sln")))
        {
            Console.Error.WriteLine($"usage: dotnet run --project src/MessagingConnectors.ApiExport -- {HostOption} <host> [{RootOption} <repository>]\n" +
                                    "  host without https://, e.g. func-msgconn-abc123.azurewebsites.net; run from the repository root or name it");
            return 2;
        }

        foreach (var written in Write(host, Path.Combine(root, DocumentsFolder), Path.Combine(root, ConnectorFolder), Path.Combine(root, FunctionClasses.SourceFile)))
        {
            Console.WriteLine($"wrote {written}");
        }

        return 0;
    }

    /// <summary>Writes the served documents, the connectors and the function classes; returns what was written.</summary>
    public static IReadOnlyList<string> Write(string host, string documentsDirectory, string connectorDirectory, string functionsFile)
    {
        var (swagger, openApiV3, functions) = Generate();
        Directory.CreateDirectory(documentsDirectory);
        var written = new List<string>();
        foreach (var (file, text) in new[] { (ApiDocuments.SwaggerFile, swagger), (ApiDocuments.OpenApiV3File, openApiV3) })
        {
            var path = Path.Combine(documentsDirectory, file);
            ConnectorExport.WriteText(path, text);
            written.Add(path);
        }

        written.AddRange(ConnectorExport.WriteAll(JsonNode.Parse(swagger)!.AsObject(), host, connectorDirectory));
        Directory.CreateDirectory(Path.GetDirectoryName(functionsFile)!);
        ConnectorExport.WriteText(functionsFile, FunctionClasses.Generate(functions));
        written.Add(functionsFile);
        return written;
    }

    /// <summary>The Swagger 2.0 and OpenAPI 3 documents of the app's endpoints, and its function table.</summary>
    public static (string Swagger, string OpenApiV3, IReadOnlyList<FunctionDefinition> Functions) Generate()
    {
        // Building the app resolves services that want a storage setting; nothing here touches storage.
        using var app = MessagingConnectorsApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
            builder.Logging.ClearProviders();
            builder.Services.AddDocumentGeneration();
        });
        var document = DocumentGeneration.Generate(app);
        return (DocumentGeneration.Serialize(document, OpenApiSpecVersion.OpenApi2_0), DocumentGeneration.Serialize(document, OpenApiSpecVersion.OpenApi3_0),
            FunctionTable.From(app));
    }

    private static string? ValueAfter(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[index + 1] : null;
    }
}
