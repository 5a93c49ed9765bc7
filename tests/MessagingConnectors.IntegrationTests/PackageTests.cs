using System.IO.Compression;
using System.Text.Json.Nodes;
using MessagingConnectors.Hosting;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests;

/// <summary>The deployable zip made by scripts/package.sh (test.sh builds it before the tests run).</summary>
public sealed class PackageTests
{
    private static readonly string ZipPath = Path.Combine(RepoPaths.Root, "dist", "functionapp.zip");

    private static ZipArchive OpenPackage()
    {
        Assert.True(File.Exists(ZipPath), $"{ZipPath} is missing: run scripts/package.sh (./test.sh does).");
        return ZipFile.OpenRead(ZipPath);
    }

    private static JsonNode Read(ZipArchive zip, string entry)
    {
        var file = zip.GetEntry(entry);
        Assert.True(file is not null, $"the package has no {entry}");
        using var stream = file.Open();
        return JsonNode.Parse(stream)!;
    }

    internal static IReadOnlyList<FunctionDefinition> EndpointTable()
    {
        using var app = MessagingConnectorsApp.Build([], builder => builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true");
        return FunctionTable.From(app);
    }

    /// <summary>
    /// The functions Azure will see (the worker's functions.metadata, written by the Functions SDK from the generated
    /// function classes) against the app's endpoint table: an endpoint added without its function fails here.
    /// </summary>
    [Fact]
    public void Every_endpoint_and_timer_has_its_function_with_the_same_route_methods_and_auth_level()
    {
        using var zip = OpenPackage();
        var packaged = Read(zip, "functions.metadata").AsArray().ToDictionary(f => (string)f!["name"]!, f => f!);

        var expected = EndpointTable();
        Assert.Equal(expected.Select(f => f.Name).Order(StringComparer.Ordinal), packaged.Keys.Order(StringComparer.Ordinal));
        foreach (var function in expected)
        {
            var trigger = Assert.Single(packaged[function.Name]["bindings"]!.AsArray())!;
            Assert.Equal("In", (string?)trigger["direction"]);
            if (function.IsTimer)
            {
                Assert.Equal("timerTrigger", (string?)trigger["type"]);
                Assert.Equal(function.TimerSchedule, (string?)trigger["schedule"]);
                // Sweeps: no schedule monitor, whose status blob the host would read before it answers a request.
                Assert.False((bool?)trigger["useMonitor"]);
                continue;
            }

            Assert.Equal("httpTrigger", (string?)trigger["type"]);
            Assert.Equal(function.Route, (string?)trigger["route"]);
            Assert.Equal(function.AuthLevel, ((string?)trigger["authLevel"])?.ToLowerInvariant());
            Assert.Equal(function.Methods.Select(m => m.ToLowerInvariant()).Order(StringComparer.Ordinal),
                trigger["methods"]!.AsArray().Select(m => (string)m!).Order(StringComparer.Ordinal));
        }

        Assert.Equal("clicksend/sms/send", expected.Single(f => f.Name == "SendSms").Route);
        Assert.Equal("anonymous", expected.Single(f => f.Name == "ReceiveClickSendInboundSms").AuthLevel);
    }

    [Fact]
    public void The_package_holds_what_the_Functions_host_starts_the_worker_from()
    {
        using var zip = OpenPackage();

        var host = Read(zip, "host.json");
        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Null(host["customHandler"]);
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")).ReplaceLineEndings(), host.ToJsonString(new() { WriteIndented = true }).ReplaceLineEndings() + Environment.NewLine);

        var worker = Read(zip, "worker.config.json")["description"]!;
        Assert.Equal("dotnet-isolated", (string?)worker["language"]);
        var entryAssembly = (string)worker["defaultWorkerPath"]!;
        Assert.NotNull(zip.GetEntry(entryAssembly));
        Assert.NotNull(zip.GetEntry(Path.ChangeExtension(entryAssembly, ".runtimeconfig.json")));
        Assert.All(Read(zip, "functions.metadata").AsArray(), f => Assert.Equal(entryAssembly, (string?)f!["scriptFile"]));

        // The extensions the Functions SDK adds for the host (the worker's own metadata loader among them).
        Assert.Contains(zip.Entries, e => e.FullName == ".azurefunctions/function.deps.json");
        Assert.Contains(zip.Entries, e => e.FullName == ".azurefunctions/Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.dll");
        Assert.NotNull(zip.GetEntry("extensions.json"));
    }
}
