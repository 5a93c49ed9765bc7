// Peak working-set growth of the app while it takes one upload, per file size and encoding.
// Run: dotnet run -c Release --project bench/MediaMemory [-- --sizes 1,10,50 --encodings json,raw,multipart --runs 3]   (not part of the tests)
// Each measurement starts a fresh app process (this program with "serve") on Kestrel and Azurite,
// warms it up with a small upload in the same encoding, then uploads the file once; the growth is
// the process's peak working set (VmHWM) after the upload minus its working set just before it.
// Each row gives the medians of --runs such measurements (a fresh process each), since one upload's
// growth moves by a few hundred kB with when the GC happens to run.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using MessagingConnectors.Hosting;

if (args.Length > 0 && args[0] == "serve")
{
    var app = MessagingConnectorsApp.Build(args[1..]);
    await app.RunAsync();
    return 0;
}

var sizes = Option("--sizes", "1,10,50").Split(',').Select(int.Parse).ToArray();
var encodings = Option("--encodings", "json,raw,multipart").Split(',');
var runs = int.Parse(Option("--runs", "3"), CultureInfo.InvariantCulture);
var root = FindRoot();
var azuritePath = Path.Combine(root, "node_modules", ".bin", "azurite");
if (!File.Exists(azuritePath))
{
    Console.Error.WriteLine($"Azurite is missing at {azuritePath}: run npm ci in the repository first.");
    return 1;
}

var blobPort = FreePort();
var tablePort = FreePort();
var data = Path.Combine(Path.GetTempPath(), "azurite-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(data);
using var azurite = Process.Start(new ProcessStartInfo(azuritePath)
{
    ArgumentList = { "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
        "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture), "--queueHost", "127.0.0.1", "--queuePort", FreePort().ToString(CultureInfo.InvariantCulture), "--location", data },
    RedirectStandardOutput = true,
    RedirectStandardError = true,
})!;
var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                 $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
try
{
    await WaitForPort(blobPort);
    Console.WriteLine("| file | encoding | body sent | peak working-set growth | growth / file size | upload time |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var megabytes in sizes)
    {
        var file = new byte[megabytes * 1024 * 1024];
        Random.Shared.NextBytes(file);
        "%PDF-1.7\n"u8.CopyTo(file);
        foreach (var encoding in encodings)
        {
            var measured = new List<Measurement>();
            for (var run = 0; run < runs; run++)
            {
                measured.Add(await Measure(file, encoding));
            }

            var (growth, body, _) = measured.OrderBy(m => m.Growth).ElementAt(runs / 2);
            var elapsed = measured.OrderBy(m => m.Elapsed).ElementAt(runs / 2).Elapsed;
            Console.WriteLine($"| {megabytes} MB | {encoding} | {body / 1024.0 / 1024:F1} MB | {growth / 1024.0 / 1024:F1} MB | {(double)growth / file.Length:F2}x | {elapsed.TotalMilliseconds:F0} ms |");
        }
    }
}
finally
{
    azurite.Kill(entireProcessTree: true);
    Directory.Delete(data, recursive: true);
}

return 0;

string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

async Task<Measurement> Measure(byte[] file, string encoding)
{
    var port = FreePort();
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
    }

    foreach (var argument in new[] { "serve", $"--urls=http://127.0.0.1:{port}", $"--AzureWebJobsStorage={connection}", "--Logging:LogLevel:Default=Warning", "--Media:Container=bench" })
    {
        start.ArgumentList.Add(argument);
    }

    using var server = Process.Start(start)!;
    server.OutputDataReceived += (_, _) => { };
    server.ErrorDataReceived += (_, _) => { };
    server.BeginOutputReadLine();
    server.BeginErrorReadLine();
    try
    {
        await WaitForPort(port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
        var warmUp = new byte[64 * 1024];
        file.AsSpan(0, 16).CopyTo(warmUp);
        for (var i = 0; i < 3; i++)
        {
            await Upload(client, warmUp, encoding);
        }

        await Task.Delay(1000);
        server.Refresh();
        var before = server.WorkingSet64;
        var (body, elapsed) = await Upload(client, file, encoding);
        server.Refresh();
        return new Measurement(Math.Max(0, PeakWorkingSet(server) - before), body, elapsed);
    }
    finally
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }
}

static async Task<(long Body, TimeSpan Elapsed)> Upload(HttpClient client, byte[] file, string encoding)
{
    HttpContent content;
    switch (encoding)
    {
        case "json":
            content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"file_name":"bench.pdf","content_type":"application/pdf","content":"{{Convert.ToBase64String(file)}}"}"""));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            break;
        case "raw":
            content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            break;
        default:
            var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(part, "file", "bench.pdf");
            content = form;
            break;
    }

    using (content)
    {
        await content.LoadIntoBufferAsync();
        var length = content.Headers.ContentLength ?? 0;
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync("api/media?purpose=general", content);
        var elapsed = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (length, elapsed);
    }
}

// VmHWM is the peak resident set of the process since it started (what PeakWorkingSet64 reports on Linux).
static long PeakWorkingSet(Process process) => process.PeakWorkingSet64;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPort(int port)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100);
        }
    }

    throw new TimeoutException($"Nothing listens on port {port}.");
}

static string FindRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository.");
}

internal readonly record struct Measurement(long Growth, long Body, TimeSpan Elapsed);
