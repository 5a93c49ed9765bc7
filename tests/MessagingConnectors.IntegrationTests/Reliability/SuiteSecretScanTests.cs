using System.Text.Json.Nodes;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("MessagingConnectors.IntegrationTests.Reliability.SecretScanLast", "MessagingConnectors.IntegrationTests")]

namespace MessagingConnectors.IntegrationTests.Reliability;

[CollectionDefinition(Name)]
public sealed class SecretScanGroup
{
    public const string Name = "secret-scan (runs last)";
}

/// <summary>
/// Collections run one after another (the integration tests already share one collection, so nothing
/// loses parallelism) and this one runs last, so it sees every log line the suite produced.
/// </summary>
public sealed class SecretScanLast : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == SecretScanGroup.Name ? 1 : 0);
}

[Collection(SecretScanGroup.Name)]
public sealed class SuiteSecretScanTests(ITestOutputHelper output)
{
    [Fact]
    public void No_log_line_of_any_app_the_suite_started_holds_a_secret()
    {
        var lines = SuiteLogs.All.ToArray();
        var leaks = SuiteLogs.Leaks(lines);
        ReliabilityArtifacts.Write("secrets.json", new JsonObject
        {
            ["scope"] = "every log line of every app the integration tests of this run started (in-process and child processes)",
            ["lines_scanned"] = lines.Length,
            ["secrets_checked"] = KnownSecrets.Values.Length + KnownSecrets.Patterns.Length,
            ["leaks"] = leaks.Count,
        });
        output.WriteLine($"{lines.Length} log lines scanned for {KnownSecrets.Values.Length} secrets and {KnownSecrets.Patterns.Length} patterns: {leaks.Count} leaks");
        Assert.Empty(leaks.Select(l => l.Line.Length > 400 ? l.Line[..400] : l.Line));
    }
}
