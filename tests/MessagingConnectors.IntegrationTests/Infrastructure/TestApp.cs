using MessagingConnectors.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>The real app on Kestrel on a free loopback port, with its settings and every log line captured.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, LogSink logs, Uri baseAddress)
    {
        _app = app;
        Logs = logs;
        BaseAddress = baseAddress;
        // Every answer the suite receives is checked against the served document (DocumentContract).
        Client = new HttpClient(new ContractCheckingHandler(DocumentContract.Served)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public LogSink Logs { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configure">What a test class changes in the app's services (a simulated clock), after the app's own.</param>
    public static async Task<TestApp> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var logs = new LogSink();
        var app = MessagingConnectorsApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, logs, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Settings for an app on Azurite that calls the sandbox, with short time-outs so failure tests stay fast.</summary>
    public static Dictionary<string, string?> Settings(Azurite azurite, Sandbox.SandboxServer sandbox) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["ClickSend:BaseUrl"] = sandbox.ClickSendBaseUrl,
        ["ClickSend:TimeoutSeconds"] = "4",
        ["ClickSend:TotalTimeoutSeconds"] = "15",
        ["Clipsan:BaseUrl"] = sandbox.ClipsanBaseUrl,
        ["Clipsan:TimeoutSeconds"] = "4",
        ["Clipsan:TotalTimeoutSeconds"] = "15",
        ["SerwerSms:BaseUrl"] = sandbox.SerwerSmsBaseUrl,
        ["SerwerSms:TimeoutSeconds"] = "4",
        ["SerwerSms:TotalTimeoutSeconds"] = "15",
        ["Idempotency:WaitSeconds"] = "5",
        // The request log is off by default (the Functions host traces invocations); on here so the secret scans cover it.
        ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
    };

    /// <summary>
    /// The setting that has the standalone host trace every request, as it does when a tracer listens: each provider
    /// call then carries the caller's W3C trace id, which tests use to tell which upstream calls one request made.
    /// </summary>
    public static Dictionary<string, string?> WithRequestTracing(Dictionary<string, string?> settings)
    {
        settings[$"Logging:LogLevel:{MessagingConnectorsApp.RequestTracingCategory}"] = "Warning";
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
