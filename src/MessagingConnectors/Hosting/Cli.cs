using MessagingConnectors.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace MessagingConnectors.Hosting;

/// <summary>Commands the package and export scripts run against the built app instead of serving it.</summary>
public static class Cli
{
    public const string WriteFunctions = "--write-functions";
    public const string ExportConnectors = "--export-connectors";
    public const string HostOption = "--host";

    /// <summary>
    /// Before the app is built: the export serves nothing and touches no storage, but building the
    /// document resolves services that want a storage setting, so it gets the Azurite one when none is set.
    /// </summary>
    public static void Prepare(string[] args)
    {
        if (Array.IndexOf(args, ExportConnectors) >= 0 && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AzureWebJobsStorage")))
        {
            Environment.SetEnvironmentVariable("AzureWebJobsStorage", "UseDevelopmentStorage=true");
        }
    }

    /// <summary>Runs a command and returns its exit code, or null when the arguments name none (serve normally).</summary>
    public static int? TryRun(WebApplication app, string[] args)
    {
        if (Array.IndexOf(args, ExportConnectors) >= 0)
        {
            return RunExport(app, args);
        }

        var index = Array.IndexOf(args, WriteFunctions);
        if (index < 0)
        {
            return null;
        }

        if (index + 1 >= args.Length)
        {
            Console.Error.WriteLine($"usage: MessagingConnectors {WriteFunctions} <directory>");
            return 2;
        }

        var functions = FunctionTable.From(((IEndpointRouteBuilder)app).DataSources);
        FunctionTable.Write(functions, args[index + 1]);
        Console.WriteLine($"wrote {functions.Count} functions to {args[index + 1]}");
        return 0;
    }

    private static int RunExport(WebApplication app, string[] args)
    {
        var directory = ValueAfter(args, ExportConnectors);
        var host = ValueAfter(args, HostOption);
        if (directory is null || host is null || !ConnectorExport.IsValidHost(host))
        {
            Console.Error.WriteLine($"usage: MessagingConnectors {ExportConnectors} <directory> {HostOption} <host>   (host without https://, e.g. func-msgconn-abc123.azurewebsites.net)");
            return 2;
        }

        // The server is not started, so the routes have not reached the endpoint data source the
        // API explorer reads yet; UseEndpoints registers them there.
        app.UseEndpoints(_ => { });
        var document = app.Services.GetRequiredService<ISwaggerProvider>().GetSwagger(ApiDocuments.DocumentName);
        foreach (var folder in ConnectorExport.WriteAll(document, host, directory))
        {
            Console.WriteLine($"wrote {folder}");
        }

        return 0;
    }

    private static string? ValueAfter(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[index + 1] : null;
    }
}
