using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>A flow's callback endpoint on loopback: records every POST and answers with the statuses it is told to.</summary>
public sealed class CallbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _plannedStatuses = new();

    private CallbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonNode> Received { get; } = new();

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string Url { get; private set; } = "";

    /// <summary>The next calls answer these statuses (then 200).</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _plannedStatuses.Enqueue(status);
        }
    }

    public static async Task<CallbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CallbackServer(app);
        app.MapPost("/flow/callback", async (HttpContext context) =>
        {
            Interlocked.Increment(ref server._calls);
            var status = server._plannedStatuses.TryDequeue(out var planned) ? planned : 200;
            if (status == 200)
            {
                server.Received.Enqueue(await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject());
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.TrimEnd('/') + "/flow/callback";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
