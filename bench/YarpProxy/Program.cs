using Yarp.ReverseProxy.Configuration;

// `YarpProxy <port> <sandbox base URL>`: forwards /api/clicksend/... to <sandbox>/clicksend/v3/...,
// the same path mapping as the app, with nothing else in the pipeline.
if (args.Length < 2 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: YarpProxy <port> <sandbox base URL, e.g. http://127.0.0.1:5000/>");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig
        {
            RouteId = "clicksend",
            ClusterId = "sandbox",
            Match = new RouteMatch { Path = "/api/clicksend/{**rest}" },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = "/clicksend/v3/{**rest}" }],
        },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "sandbox",
            Destinations = new Dictionary<string, DestinationConfig> { ["sandbox"] = new() { Address = args[1] } },
        },
    ]);

var app = builder.Build();
app.MapGet("/api/health", () => Results.Ok());
app.MapReverseProxy();
await app.RunAsync();
return 0;
