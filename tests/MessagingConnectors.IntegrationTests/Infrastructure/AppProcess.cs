using System.Diagnostics;
using System.Text;
using MessagingConnectors.IntegrationTests.Reliability;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>
/// The standalone app as a child process (so a test can kill it), ready once it answers its probe, <c>GET /</c>.
/// Its console is kept for the test's own messages and goes to the suite's secret scan.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(90) };
    }

    public HttpClient Client { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/> in <paramref name="folder"/> (the app's own, so its content root is the app).</summary>
    public static async Task<AppProcess> StartAsync(string executable, IEnumerable<string> arguments, string folder, int port, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException(executable + " did not start"), port);
        app._process.OutputDataReceived += (_, e) => app.Record(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(app._process.HasExited, "the app exited at start:\n" + app.Output);
            try
            {
                if ((await app.Client.GetAsync("")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the app did not answer in 60 s:\n" + app.Output);
            await Task.Delay(50);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        SuiteLogs.Add(line);
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
