using System.Diagnostics.Tracing;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using MessagingConnectors.Hosting;
using MessagingConnectors.IntegrationTests.Infrastructure;

namespace MessagingConnectors.IntegrationTests;

/// <summary>
/// The dependency injection container closes open generic registrations (IOptions&lt;T&gt;, ILogger&lt;T&gt;, the arrays
/// behind IEnumerable&lt;T&gt;) at run time. In the Native AOT build every such type the compiler did not make is built by
/// the run-time type loader, which was the largest part of startup; <c>NativeAot.Services.rd.xml</c> has the compiler
/// make them. This test is what keeps that list true: it starts the app as the Functions host runs it, answers a health
/// check, resolves every registered service, and compares the types the container closed with the list.
/// </summary>
[Collection(IntegrationGroup.Name)]
public sealed class NativeAotServiceTypesTests(Azurite azurite)
{
    private static readonly string RdXmlPath = Path.Combine(RepoPaths.Root, "src", "MessagingConnectors", "NativeAot.Services.rd.xml");

    [Fact]
    public async Task Every_type_the_container_closes_at_run_time_is_compiled_ahead_of_time()
    {
        var closed = await TypesTheContainerCloses();
        var listed = ListedTypes();

        // The list must not drift either way: a missing type costs startup, a stale one only image size, but a list
        // that matches nothing in particular cannot be reviewed.
        var missing = closed.Except(listed).Select(t => t.ToString()).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Except(closed).Select(t => t.ToString()).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || stale.Count > 0)
        {
            var regenerated = Path.Combine(RepoPaths.Root, "artifacts", "NativeAot.Services.rd.xml");
            Directory.CreateDirectory(Path.GetDirectoryName(regenerated)!);
            await File.WriteAllTextAsync(regenerated, Render(closed));
            Assert.Fail($"NativeAot.Services.rd.xml is out of date ({missing.Count} missing, {stale.Count} stale). "
                        + $"Review and copy the regenerated list: cp {Path.GetRelativePath(RepoPaths.Root, regenerated)} {Path.GetRelativePath(RepoPaths.Root, RdXmlPath)}\n"
                        + string.Join("\n", missing.Select(t => "missing: " + t).Concat(stale.Select(t => "stale: " + t))));
        }
    }

    [Fact]
    public void The_list_is_compiled_into_the_app()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "MessagingConnectors", "MessagingConnectors.csproj"));
        Assert.Contains(project.Descendants("RdXmlFile"), e => (string?)e.Attribute("Include") == Path.GetFileName(RdXmlPath));
    }

    private async Task<HashSet<ServiceType>> TypesTheContainerCloses()
    {
        using var callSites = new CallSiteListener();
        IServiceCollection? services = null;
        var app = MessagingConnectorsApp.Build(
            [$"--{CustomHandlerHosting.PortVariable}={Azurite.FreePort()}", $"--AzureWebJobsStorage={azurite.ConnectionString}"],
            builder => services = builder.Services);
        try
        {
            await app.StartAsync();
            var address = app.Urls.Single();
            using (var client = new HttpClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + "/api/health")).StatusCode);
            }

            using var scope = app.Services.CreateScope();
            foreach (var descriptor in services!.Where(d => !d.ServiceType.IsGenericTypeDefinition))
            {
                if (descriptor.IsKeyedService)
                {
                    ((IKeyedServiceProvider)scope.ServiceProvider).GetKeyedService(descriptor.ServiceType, descriptor.ServiceKey);
                }
                else
                {
                    scope.ServiceProvider.GetService(descriptor.ServiceType);
                }
            }

            return callSites.ClosedTypes(app.Services.GetHashCode());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static HashSet<ServiceType> ListedTypes() =>
        XDocument.Load(RdXmlPath).Descendants().Where(e => e.Name.LocalName == "Type")
            .Select(e => new ServiceType((string)e.Parent!.Attribute("Name")!, (string)e.Attribute("Name")!))
            .ToHashSet();

    private static string Render(IEnumerable<ServiceType> types)
    {
        var ns = XNamespace.Get("http://schemas.microsoft.com/netfx/2013/01/metadata");
        var document = new XDocument(
            new XComment(File.ReadAllText(RdXmlPath).Split("-->")[0].Split("<!--")[1]),
            new XElement(ns + "Directives", new XElement(ns + "Application",
                types.GroupBy(t => t.Assembly).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new XElement(ns + "Assembly", new XAttribute("Name", g.Key),
                    g.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new XElement(ns + "Type", new XAttribute("Name", t.Name), new XAttribute("Dynamic", "Required All"))))))));
        return document.ToString() + "\n";
    }

    /// <summary>A type as rd.xml names it: the assembly that defines it and its name with assembly-qualified arguments.</summary>
    private sealed record ServiceType(string Assembly, string Name)
    {
        public static ServiceType Of(Type type)
        {
            var defining = type.IsArray ? type.GetElementType()! : type;
            return new ServiceType(defining.Assembly.GetName().Name!, RdXmlName(type));
        }

        private static string RdXmlName(Type type) => type switch
        {
            { IsArray: true } => RdXmlName(type.GetElementType()!) + "[]",
            { IsConstructedGenericType: true } => type.GetGenericTypeDefinition().FullName + "["
                + string.Join(",", type.GetGenericArguments().Select(a => $"[{RdXmlName(a)},{a.Assembly.GetName().Name}]")) + "]",
            _ => type.FullName!,
        };

        public override string ToString() => $"{Assembly}: {Name}";
    }

    /// <summary>
    /// Reads the container's own event source: each call site it builds (the service, how it is made, its arguments)
    /// arrives as JSON, in chunks, tagged with the provider it belongs to, so other tests' apps running alongside are
    /// told apart.
    /// </summary>
    private sealed class CallSiteListener : EventListener
    {
        private readonly List<(int Provider, string CallSite)> _callSites = [];

        // A call site's chunks are written one after another by the thread that built it; other threads (and other
        // tests' apps) write theirs at the same time.
        private readonly Dictionary<int, StringBuilder> _chunksByThread = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Extensions-DependencyInjection")
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName != "CallSiteBuilt")
            {
                return;
            }

            var payload = eventData.PayloadNames!.Zip(eventData.Payload!).ToDictionary(p => p.First, p => p.Second);
            lock (_callSites)
            {
                var thread = Environment.CurrentManagedThreadId;
                var chunks = _chunksByThread.TryGetValue(thread, out var existing) ? existing : _chunksByThread[thread] = new StringBuilder();
                chunks.Append((string)payload["callSite"]!);
                if ((int)payload["chunkIndex"]! == (int)payload["chunkCount"]! - 1)
                {
                    _callSites.Add(((int)payload["serviceProviderHashCode"]!, chunks.ToString()));
                    chunks.Clear();
                }
            }
        }

        public HashSet<ServiceType> ClosedTypes(int provider)
        {
            var names = new HashSet<string>();
            lock (_callSites)
            {
                foreach (var (_, callSite) in _callSites.Where(c => c.Provider == provider))
                {
                    Collect(JsonDocument.Parse(callSite).RootElement, names);
                }
            }

            return names.Select(n => ServiceType.Of(Resolve(n))).ToHashSet();
        }

        private static void Collect(JsonElement node, HashSet<string> names)
        {
            if (node.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in node.EnumerateArray())
                {
                    Collect(item, names);
                }

                return;
            }

            if (node.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (node.TryGetProperty("implementationType", out var implementation) && implementation.GetString()!.Contains('`', StringComparison.Ordinal))
            {
                names.Add(implementation.GetString()!);
            }

            // The container makes an array of the item type for every IEnumerable<T> it resolves.
            if (node.TryGetProperty("kind", out var kind) && kind.GetString() == "IEnumerable")
            {
                names.Add(node.GetProperty("itemType").GetString()! + "[]");
            }

            foreach (var property in node.EnumerateObject())
            {
                Collect(property.Value, names);
            }
        }

        /// <summary>A type from its <c>Type.ToString()</c> form (<c>Ns.Generic`1[Ns.Argument]</c>, <c>Ns.Item[]</c>).</summary>
        private static Type Resolve(string name)
        {
            if (name.EndsWith("[]", StringComparison.Ordinal))
            {
                return Resolve(name[..^2]).MakeArrayType();
            }

            var open = name.IndexOf('[', StringComparison.Ordinal);
            if (open < 0)
            {
                return AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null)
                       ?? throw new InvalidOperationException("No loaded assembly defines " + name);
            }

            return Resolve(name[..open]).MakeGenericType([.. TopLevelArguments(name[(open + 1)..^1]).Select(Resolve)]);
        }

        private static IEnumerable<string> TopLevelArguments(string arguments)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i < arguments.Length; i++)
            {
                switch (arguments[i])
                {
                    case '[':
                        depth++;
                        break;
                    case ']':
                        depth--;
                        break;
                    case ',' when depth == 0:
                        yield return arguments[start..i];
                        start = i + 1;
                        break;
                }
            }

            yield return arguments[start..];
        }
    }
}
