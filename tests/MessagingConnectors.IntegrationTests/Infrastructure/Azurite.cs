using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>
/// A real Azurite (from the repo's pinned npm packages) on free loopback ports, with its data on
/// disk so it can be stopped and started again mid-test without losing anything.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "azurite-tests-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int BlobPort { get; } = FreePort();

    public int TablePort { get; } = FreePort();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var executable = Path.Combine(RepoPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run ./test.sh (it runs npm ci).");
        }

        Directory.CreateDirectory(_dataDirectory);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", FreePort().ToString(),
                "--location", _dataDirectory,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPort(BlobPort);
        await WaitForPort(TablePort);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class IntegrationGroup : ICollectionFixture<Azurite>
{
    public const string Name = "integration";
}
