using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MessagingConnectors.IntegrationTests.Infrastructure;

/// <summary>A flow's callback endpoint on loopback: records every POST and answers with the statuses it is told to.</summary>
public sealed class CallbackServer : LoopbackServer
{
    private readonly ConcurrentQueue<int> _plannedStatuses = new();

    public ConcurrentQueue<JsonNode> Received { get; } = new();

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string Url => BaseUrl + "/flow/callback";

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
        var server = new CallbackServer();
        await server.ListenAsync(app => app.MapPost("/flow/callback", async (HttpContext context) =>
        {
            Interlocked.Increment(ref server._calls);
            var status = server._plannedStatuses.TryDequeue(out var planned) ? planned : 200;
            if (status == 200)
            {
                server.Received.Enqueue(await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject());
            }

            return Results.StatusCode(status);
        }));
        return server;
    }
}
