using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>A provider on loopback that answers every request with the JSON it was last given, and remembers the path asked.</summary>
public sealed class CannedAnswerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _answer = "{}";

    private CannedAnswerServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string? LastPath { get; private set; }

    public void Answer(string json) => _answer = json;

    /// <summary>A client whose base address is this server's <paramref name="root"/>, as a provider client's is its base URL.</summary>
    public HttpClient HttpClient(string root) => new() { BaseAddress = new Uri(BaseUrl + root) };

    public static async Task<CannedAnswerServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CannedAnswerServer(app);
        app.Run(context =>
        {
            server.LastPath = context.Request.Path;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(server._answer);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
