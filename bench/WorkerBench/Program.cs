using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MessagingConnectors.FunctionsHost;
using MessagingConnectors.Sandbox;

// dotnet WorkerBench.dll --app <worker publish> --empty <empty worker publish> --standalone <app publish> --storage <connection>
//   [--runs N] [--duration S] [--connections C] [--out file.json]
// 1. Startup: worker process start to the first answered GET /api/health through the loopback Functions host, the app's
//    worker against an empty worker with one HTTP function, N rounds interleaved.
// 2. Send SMS: a closed loop of C connections for S seconds through the worker path (host front door, invocation,
//    forwarding, worker) and straight to the standalone app (Kestrel), the two interleaved over N rounds.
var options = Options.Parse(args);
await using var sandbox = await SandboxServer.StartAsync();
var settings = new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = options.Storage,
    ["ClickSend:BaseUrl"] = sandbox.ClickSendBaseUrl,
    ["Webhooks:BackgroundDelivery"] = "false",
};

var startup = new Dictionary<string, List<double>> { ["app worker"] = [], ["empty worker"] = [] };
for (var round = 0; round < options.Runs; round++)
{
    startup["app worker"].Add(await FirstAnswerAsync(options.App, settings));
    startup["empty worker"].Add(await FirstAnswerAsync(options.Empty, settings));
}

var load = new Dictionary<string, List<LoadResult>> { ["worker path"] = [], ["standalone"] = [] };
await using (var worker = await LoopbackFunctionsHost.StartAsync(options.App, settings))
using (var standalone = StartStandalone(options.Standalone, settings, out var standaloneBase))
{
    await WaitForAsync(standaloneBase);
    var workerBase = worker.BaseAddress;
    for (var round = 0; round < options.Runs; round++)
    {
        load["worker path"].Add(await LoadAsync(workerBase, options));
        load["standalone"].Add(await LoadAsync(standaloneBase, options));
    }

    standalone.Kill(entireProcessTree: true);
}

var appStartup = Median(startup["app worker"]);
var emptyStartup = Median(startup["empty worker"]);
var workerRate = Median(load["worker path"].Select(r => r.PerSecond).ToList());
var standaloneRate = Median(load["standalone"].Select(r => r.PerSecond).ToList());
var report = new
{
    runs = options.Runs,
    startup_ms = startup,
    startup_median_ms = new { app_worker = appStartup, empty_worker = emptyStartup, ratio = appStartup / emptyStartup },
    send_sms = load,
    send_sms_median_per_second = new { worker_path = workerRate, standalone = standaloneRate, ratio = workerRate / standaloneRate },
};
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
if (options.Out is { } file)
{
    await File.WriteAllTextAsync(file, json);
}

Console.WriteLine(json);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"startup to the first answer: app worker {appStartup:F0} ms, empty worker {emptyStartup:F0} ms, ratio {appStartup / emptyStartup:F2}x (goal 1.3x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Send SMS: worker path {workerRate:F0}/s, standalone {standaloneRate:F0}/s, ratio {workerRate / standaloneRate:F2}x; p99 worker {Median(load["worker path"].Select(r => r.P99Ms).ToList()):F2} ms, standalone {Median(load["standalone"].Select(r => r.P99Ms).ToList()):F2} ms"));
return 0;

static async Task<double> FirstAnswerAsync(string workerDirectory, IReadOnlyDictionary<string, string?> settings)
{
    await using var host = await LoopbackFunctionsHost.StartAsync(workerDirectory, settings);
    using var client = new HttpClient { BaseAddress = host.BaseAddress };
    client.DefaultRequestHeaders.Add("x-functions-key", LoopbackFunctionsHost.FunctionKey);
    using var response = await client.GetAsync("api/health");
    var elapsed = Stopwatch.GetElapsedTime(host.WorkerStartedTimestamp).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"{workerDirectory}: GET /api/health answered {(int)response.StatusCode}");
    }

    return elapsed;
}

static Process StartStandalone(string directory, IReadOnlyDictionary<string, string?> settings, out Uri baseAddress)
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    baseAddress = new Uri($"http://127.0.0.1:{port}/");
    // The publish's own executable when it has one (a self-contained publish), else the framework-dependent dll.
    var executable = Path.Combine(directory, "MessagingConnectors");
    var start = File.Exists(executable) ? new ProcessStartInfo(executable) : new ProcessStartInfo("dotnet", [Path.Combine(directory, "MessagingConnectors.dll")]);
    start.WorkingDirectory = directory;
    start.RedirectStandardOutput = true;
    start.RedirectStandardError = true;
    start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
    foreach (var (key, value) in settings)
    {
        start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
    }

    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitForAsync(Uri baseAddress)
{
    using var client = new HttpClient { BaseAddress = baseAddress };
    for (var attempt = 0; attempt < 600; attempt++)
    {
        try
        {
            if ((await client.GetAsync("api/health")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(50);
    }

    throw new InvalidOperationException($"{baseAddress} did not answer");
}

static async Task<LoadResult> LoadAsync(Uri baseAddress, Options options)
{
    var body = """{"messages":[{"to":"+61411111111","body":"bench"}]}"""u8.ToArray();
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections }) { BaseAddress = baseAddress };
    client.DefaultRequestHeaders.Add("x-functions-key", LoopbackFunctionsHost.FunctionKey);
    client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox:sandbox-api-key")));

    async Task<List<double>> Loop(DateTime until)
    {
        var latencies = new List<double>();
        while (DateTime.UtcNow < until)
        {
            var started = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync("api/clicksend/sms/send", content);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{baseAddress}: Send SMS answered {(int)response.StatusCode}");
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => Loop(DateTime.UtcNow.AddSeconds(1)))); // warm-up
    var clock = Stopwatch.StartNew();
    var all = (await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => Loop(DateTime.UtcNow.AddSeconds(options.Duration)))))
        .SelectMany(l => l).Order().ToList();
    var seconds = clock.Elapsed.TotalSeconds;
    return new LoadResult(all.Count / seconds, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record LoadResult(double PerSecond, double P50Ms, double P99Ms);

internal sealed record Options(string App, string Empty, string Standalone, string Storage, int Runs, int Duration, int Connections, string? Out)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string Required(string name) => Value(name) ?? throw new ArgumentException($"{name} is required");
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new Options(Required("--app"), Required("--empty"), Required("--standalone"), Required("--storage"),
            Number("--runs", 5), Number("--duration", 5), Number("--connections", 16), Value("--out"));
    }
}
