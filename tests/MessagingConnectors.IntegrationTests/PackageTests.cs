using System.Diagnostics;
using System.IO.Compression;
using Microsoft.AspNetCore.Routing;
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

    private static IReadOnlyList<FunctionDefinition> EndpointTable()
    {
        var app = MessagingConnectorsApp.Build([], builder => builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true");
        return FunctionTable.From(((IEndpointRouteBuilder)app).DataSources);
    }

    [Fact]
    public void Every_endpoint_has_its_function_with_the_same_route_methods_and_auth_level()
    {
        using var zip = OpenPackage();
        var packaged = zip.Entries
            .Where(e => e.FullName.EndsWith("/function.json", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            .ToDictionary(e => e.FullName.Split('/')[0], e => JsonNode.Parse(e.Open())!);

        var expected = EndpointTable();
        Assert.Equal(expected.Select(f => f.Name).Order(), packaged.Keys.Order());
        foreach (var function in expected)
        {
            var bindings = packaged[function.Name]["bindings"]!.AsArray();
            if (function.IsTimer)
            {
                Assert.Equal(function.TimerSchedule, (string?)Assert.Single(bindings)!["schedule"]);
                continue;
            }

            Assert.Equal(2, bindings.Count);
            var trigger = Assert.Single(bindings, b => (string?)b!["type"] == "httpTrigger")!;
            Assert.Single(bindings, b => (string?)b!["type"] == "http" && (string?)b["direction"] == "out");
            Assert.Equal(function.Route, (string?)trigger["route"]);
            Assert.Equal(function.AuthLevel, (string?)trigger["authLevel"]);
            Assert.Equal(function.Methods.Select(m => m.ToLowerInvariant()).Order(),
                trigger["methods"]!.AsArray().Select(m => (string)m!).Order());
        }

        Assert.Equal("clicksend/sms/send", expected.Single(f => f.Name == "SendSms").Route);
    }

    [Fact]
    public void The_entry_point_is_an_executable_and_host_json_points_at_it()
    {
        using var zip = OpenPackage();
        var host = JsonNode.Parse(zip.GetEntry("host.json")!.Open())!;
        Assert.Equal("2.0", (string?)host["version"]);
        Assert.True((bool)host["customHandler"]!["enableForwardingHttpRequest"]!);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        var executable = (string)host["customHandler"]!["description"]!["defaultExecutablePath"]!;

        var entry = zip.GetEntry(executable);
        Assert.NotNull(entry);
        var unixMode = (entry.ExternalAttributes >> 16) & 0x1FF;
        Assert.True((unixMode & 0x49) == 0x49, $"{executable} mode is {Convert.ToString(unixMode, 8)}, not executable");
        // Native AOT: the executable is the whole app, with no runtime or managed assemblies beside it to keep in step.
        var appFolder = Path.GetDirectoryName(executable)! + "/";
        Assert.Equal([executable], zip.Entries.Where(e => e.FullName.StartsWith(appFolder, StringComparison.Ordinal) && e.Name.Length > 0).Select(e => e.FullName));
    }

    [Fact]
    public void The_executable_has_the_startup_prefault_linked_in()
    {
        // NativeAot.Prefault.c, compiled and linked by the project's own targets: if the link ever drops it, nothing
        // fails but startup grows by the ~30 ms it saves, so its constructor is looked for in the shipped symbols.
        var symbols = Path.Combine(RepoPaths.Root, "dist", "symbols", "MessagingConnectors.dbg");
        Assert.True(File.Exists(symbols), $"{symbols} is missing: run scripts/package.sh (./test.sh does).");
        using var nm = Process.Start(new ProcessStartInfo("nm", ["--defined-only", symbols]) { RedirectStandardOutput = true })!;
        var listing = nm.StandardOutput.ReadToEnd();
        nm.WaitForExit();

        Assert.Equal(0, nm.ExitCode);
        Assert.Contains(" messaging_connectors_prefault_zero_initialized_data\n", listing);
    }
}
