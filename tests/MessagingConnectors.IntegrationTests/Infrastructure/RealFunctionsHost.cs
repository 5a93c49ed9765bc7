using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using MessagingConnectors.IntegrationTests.Reliability;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>
/// Microsoft's Azure Functions host (WebJobs.Script.WebHost 4.1037.0, built from its public source by
/// scripts/functions-host.sh, cached) running the deployable package (dist/functionapp, made by scripts/package.sh) on a
/// free loopback port, with Azurite and known keys: the app as Azure runs it. Every line the host and the worker print,
/// and the host's file logs, go to <see cref="Logs"/> and the suite's secret scan.
/// </summary>
public sealed partial class RealFunctionsHost : IAsyncDisposable
{
    public const string FunctionKey = "real-host-function-key-5c1d0a";
    public const string MasterKey = "real-host-master-key-8e2b7f";

    public static readonly string Package = Path.Combine(RepoPaths.Root, "dist", "functionapp");

    private readonly Process _process;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _lines = new();

    private RealFunctionsHost(Process process, int port, string folder)
    {
        _process = process;
        _folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Admin = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with the master key, for the host's admin API.</summary>
    public HttpClient Admin { get; }

    /// <summary>What the host and the worker printed so far, in order.</summary>
    public IReadOnlyList<string> Logs => [.. _lines];

    /// <summary>The host's file logs (FUNCTIONS_LOG_PATH: host and function traces), as far as written.</summary>
    public IEnumerable<string> FileLogs()
    {
        var logs = Path.Combine(_folder, "logs");
        if (!Directory.Exists(logs))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(logs, "*", SearchOption.AllDirectories))
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            while (reader.ReadLine() is { } line)
            {
                yield return line;
            }
        }
    }

    /// <summary>The host's own record of each finished invocation: <c>Executed 'Functions.Name' (Succeeded, …)</c>.</summary>
    public IReadOnlyList<(string Function, bool Succeeded)> Executions =>
        [.. Logs.Select(line => ExecutedLine().Match(line)).Where(m => m.Success).Select(m => (m.Groups[1].Value, m.Groups[2].Value == "Succeeded"))];

    /// <summary>Starts the host over the package with these app settings (`:` as `__`).</summary>
    public static async Task<RealFunctionsHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        Assert.True(File.Exists(Path.Combine(Package, "worker.config.json")), $"{Package} is missing: run scripts/package.sh (./test.sh does).");
        var port = Azurite.FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "functions-host-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        // Builds the host first if its cache is stale (about 40 s, once per bundle).
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "functions-host.sh"))
        {
            ArgumentList = { "run", Package, port.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["AzureWebJobsStorage"]!, Path.Combine(folder, "secrets") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_HOST_MASTER_KEY"] = MasterKey;
        start.Environment["FUNCTIONS_HOST_FUNCTION_KEY"] = FunctionKey;
        start.Environment["FUNCTIONS_HOST_LOG_DIR"] = Path.Combine(folder, "logs");
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var host = new RealFunctionsHost(Process.Start(start) ?? throw new InvalidOperationException("run.sh did not start"), port, folder);
        host._process.OutputDataReceived += (_, e) => host.Record(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        await host.WaitUntilServingAsync();
        return host;
    }

    /// <summary>A client that sends the function key, with every answer checked against the served document.</summary>
    public HttpClient KeyedClient()
    {
        var client = new HttpClient(new ContractCheckingHandler(DocumentContract.Served)) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        return client;
    }

    /// <summary>
    /// Runs a timer function now through the admin API (<c>POST /admin/functions/{name}</c>, as the portal's "Test/Run"
    /// does) and waits for the host to record its end.
    /// </summary>
    public async Task<bool> RunTimerAsync(string function)
    {
        var before = Executions.Count(e => e.Function == function);
        var response = await Admin.PostAsync($"admin/functions/{function}", new StringContent("""{"input":""}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Waits.Eventually(() => Executions.Count(e => e.Function == function) > before, $"{function} did not finish", 60);
        return Executions.Last(e => e.Function == function).Succeeded;
    }

    private async Task WaitUntilServingAsync()
    {
        // The host says Running once it has indexed the functions; the worker's own HTTP server may still be starting,
        // so the app counts as up at its first answered invocation.
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        probe.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            Assert.False(_process.HasExited, "the Functions host exited at start:\n" + string.Join('\n', _lines.TakeLast(80)));
            try
            {
                if ((await probe.GetAsync("api/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the Functions host did not answer in 180 s:\n" + string.Join('\n', _lines.TakeLast(80)));
            await Task.Delay(200);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            SuiteLogs.Add(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        // The host's file logs hold what it did not print (function and host traces): the secret scan reads them too.
        foreach (var line in FileLogs())
        {
            SuiteLogs.Add(line);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"Executed 'Functions\.([A-Za-z0-9_]+)' \((Succeeded|Failed)")]
    private static partial Regex ExecutedLine();
}
