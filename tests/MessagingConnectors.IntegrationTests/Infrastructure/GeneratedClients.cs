using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>
/// A client generator run on a served document with the repository's pinned tools (the dotnet tools of
/// <c>.config/dotnet-tools.json</c>, the npm packages of <c>package-lock.json</c>), and the committed driver under
/// <c>tests/clients/</c> built against what it generated. Everything generated goes to <c>artifacts/clients/{Name}/</c>,
/// kept between runs: generation and build are skipped while the document (without the address it was served from),
/// the drivers and the tool versions are what they were.
/// </summary>
public sealed record ClientGenerator(string Name, string DocumentPath, Func<string, IReadOnlyList<string[]>> Steps, Func<string, string[]> Driver)
{
    private static readonly string Clients = Path.Combine(RepoPaths.Root, "tests", "clients");
    private static readonly string NodeModules = Path.Combine(RepoPaths.Root, "node_modules");

    /// <summary>Kiota, C#, from the OpenAPI 3 document.</summary>
    public static ClientGenerator Kiota { get; } = new("kiota", "/api/openapi/v3.json", folder =>
    [
        ["dotnet", "kiota", "generate", "--language", "CSharp", "--openapi", Document(folder), "--output", Path.Combine(folder, "Generated"),
            "--class-name", "MessagingClient", "--namespace-name", "Generated", "--clean-output", "--log-level", "Error"],
        Build("kiota/KiotaDriver.csproj", folder, Path.Combine(folder, "Generated")),
    ], folder => ["dotnet", Path.Combine(folder, "bin", "KiotaDriver.dll")]);

    /// <summary>NSwag, C#, from the Swagger 2.0 document, with one of its JSON libraries (NewtonsoftJson or SystemTextJson).</summary>
    public static ClientGenerator NSwag(string jsonLibrary) => new("nswag-" + jsonLibrary, "/api/swagger.json", folder =>
    [
        ["dotnet", "nswag", "openapi2csclient", "/input:" + Document(folder), "/output:" + Path.Combine(folder, "Client.cs"), "/namespace:Generated",
            "/className:MessagingClient", "/jsonLibrary:" + jsonLibrary, "/generateExceptionClasses:true", "/wrapResponses:true"],
        [.. Build("nswag/NSwagDriver.csproj", folder, Path.Combine(folder, "Client.cs")), "-p:JsonLibrary=" + jsonLibrary],
    ], folder => ["dotnet", Path.Combine(folder, "bin", "NSwagDriver.dll")]);

    /// <summary>openapi-typescript's types for openapi-fetch, from the OpenAPI 3 document; the driver type-checked by tsc --strict.</summary>
    /// <remarks>tests/clients/typescript/tsconfig.json names this generator's folder for the types and the compiled driver.</remarks>
    public static ClientGenerator TypeScript { get; } = new("typescript", "/api/openapi/v3.json", folder =>
    [
        ["node", Path.Combine(NodeModules, "openapi-typescript", "bin", "cli.js"), Document(folder), "--output", Path.Combine(folder, "api.d.ts")],
        ["node", Path.Combine(NodeModules, "typescript", "bin", "tsc"), "--strict", "--project", Path.Combine(Clients, "typescript")],
    ], folder => ["node", Path.Combine(folder, "out", "driver.mjs")]);

    private static string Document(string folder) => Path.Combine(folder, "document.json");

    private static string[] Build(string project, string folder, string generated) =>
        ["dotnet", "build", Path.Combine(Clients, project), "-c", "Release", "--nologo", "-v", "q", "-clp:ErrorsOnly", "-nodeReuse:false",
            "-p:GeneratedClient=" + generated, "-o", Path.Combine(folder, "bin")];

    /// <summary>
    /// Generates the client from the document the app at <paramref name="app"/> serves (unless nothing changed since the
    /// last run), builds the driver, runs it against the app and returns its report: one object per line.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> DriveAsync(HttpClient app, string callbackUrl)
    {
        var document = await app.GetStringAsync(DocumentPath.TrimStart('/'));
        var folder = Path.Combine(RepoPaths.Root, "artifacts", "clients", Name);
        var stamp = Path.Combine(folder, "generated-from.sha256");
        // Swagger 2.0 names the host (127.0.0.1:port), OpenAPI 3 the server URL: the port is new every run, the rest is not.
        var fingerprint = Fingerprint(document.Replace(app.BaseAddress!.Authority, "app", StringComparison.Ordinal));
        if (!File.Exists(stamp) || await File.ReadAllTextAsync(stamp) != fingerprint)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Document(folder), document);
            foreach (var step in Steps(folder))
            {
                await RunAsync(step);
            }

            await File.WriteAllTextAsync(stamp, fingerprint);
        }

        var output = await RunAsync([.. Driver(folder), new Uri(app.BaseAddress, "api").ToString(), callbackUrl]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{')).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
    }

    /// <summary>What the generated code and the driver depend on: the document, the drivers' sources, the pinned tool versions.</summary>
    private static string Fingerprint(string document)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(document));
        var inputs = Directory.EnumerateFiles(Clients, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(RepoPaths.Root, ".config", "dotnet-tools.json"))
            .Append(Path.Combine(RepoPaths.Root, "package-lock.json"))
            .Append(Path.Combine(RepoPaths.Root, "Directory.Packages.props"))
            .Order(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(RepoPaths.Root, input)));
            hash.AppendData(File.ReadAllBytes(input));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Runs a command in the repository's root; its standard output, or a failure with everything it printed.</summary>
    private static async Task<string> RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // Kiota looks for a newer release online at every run; there is nothing to reach from a test.
        start.Environment["KIOTA_UPDATE__DISABLED"] = "true";
        start.Environment["KIOTA_TUTORIAL__ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException(command[0] + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} ran over 10 minutes.");
        }

        Assert.True(process.ExitCode == 0,
            $"{string.Join(' ', command)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        return await output;
    }
}
