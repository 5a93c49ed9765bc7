using Microsoft.AspNetCore.Http;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>A provider on loopback that answers every request with the JSON it was last given, and remembers the path asked.</summary>
public sealed class CannedAnswerServer : LoopbackServer
{
    private volatile string _answer = "{}";

    public string? LastPath { get; private set; }

    public void Answer(string json) => _answer = json;

    /// <summary>A client whose base address is this server's <paramref name="root"/>, as a provider client's is its base URL.</summary>
    public HttpClient HttpClient(string root) => new() { BaseAddress = new Uri(BaseUrl + root) };

    public static async Task<CannedAnswerServer> StartAsync()
    {
        var server = new CannedAnswerServer();
        await server.ListenAsync(app => app.Run(context =>
        {
            server.LastPath = context.Request.Path;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(server._answer);
        }));
        return server;
    }
}
