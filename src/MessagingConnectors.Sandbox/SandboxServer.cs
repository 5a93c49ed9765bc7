using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Sandbox.ClickSend;
using MessagingConnectors.Sandbox.Clipsan;
using MessagingConnectors.Sandbox.SerwerSms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MessagingConnectors.Sandbox;

/// <summary>
/// A real HTTP server on loopback that answers like the providers do, records every request and
/// misbehaves on request. Tests start it in-process; <c>run.sh --sandbox</c> runs it as a program.
/// Control: <c>GET/DELETE /_sandbox/requests</c>, <c>PUT/DELETE /_sandbox/faults/{provider}</c>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, ClickSendSandbox clickSend, ClipsanSandbox clipsan, SerwerSmsSandbox serwerSms)
    {
        _app = app;
        ClickSend = clickSend;
        Clipsan = clipsan;
        SerwerSms = serwerSms;
    }

    public RequestJournal Journal { get; } = new();

    public FaultPlan Faults { get; } = new();

    public ClickSendSandbox ClickSend { get; }

    public ClipsanSandbox Clipsan { get; }
    public SerwerSmsSandbox SerwerSms { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string ClickSendBaseUrl => new Uri(BaseAddress, ClickSend.Prefix.TrimStart('/') + "/").ToString();

    public string ClipsanBaseUrl => new Uri(BaseAddress, Clipsan.Prefix.TrimStart('/') + "/").ToString();
    public string SerwerSmsBaseUrl => new Uri(BaseAddress, SerwerSms.Prefix.TrimStart('/') + "/").ToString();

    /// <summary>
    /// What the app's document names in its examples (ClickSend list 428 and its contact 1, SerwerSMS group 17293000 and
    /// its contact 228173000; Clipsan's leads are there from the start), so Swagger UI's "Try it out" works unedited.
    /// </summary>
    public void AddExamples()
    {
        ClickSend.AddExamples();
        var group = SerwerSms.AddGroup("Customers");
        SerwerSms.AddContact("+48500600700", "Jan", group);
    }

    public static async Task<SandboxServer> StartAsync(int port = 0, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);

        var clickSend = new ClickSendSandbox();
        var clipsan = new ClipsanSandbox();
        var app = builder.Build();
        var serwerSms = new SerwerSmsSandbox();
        var server = new SandboxServer(app, clickSend, clipsan, serwerSms);
        server.Configure([clickSend, clipsan, serwerSms]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private void Configure(IReadOnlyList<IProviderSandbox> providers)
    {
        _app.Use(async (context, next) =>
        {
            var provider = providers.FirstOrDefault(p => context.Request.Path.StartsWithSegments(p.Prefix));
            if (provider is null)
            {
                await next(context);
                return;
            }

            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            Journal.Add(new RecordedRequest(provider.Name, context.Request.Method, context.Request.Path.Value!,
                context.Request.QueryString.Value ?? "", context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
                context.Request.ContentType, body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                DateTimeOffset.UtcNow));

            switch (Faults.Take(provider.Name))
            {
                case null:
                    await next(context);
                    break;
                case { Kind: FaultKind.Slow } slow:
                    await Task.Delay(slow.DelayMs, context.RequestAborted);
                    await next(context);
                    break;
                case { Kind: FaultKind.Status } status:
                    if (status.RetryAfter is { } retryAfter)
                    {
                        context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    await provider.WriteFaultAsync(context, status.Status);
                    break;
                case { Kind: FaultKind.Malformed }:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("<html>upstream proxy error</html>", context.RequestAborted);
                    break;
                case { Kind: FaultKind.Empty }:
                    context.Response.StatusCode = 200;
                    context.Response.ContentLength = 0;
                    break;
                case { Kind: FaultKind.Reset }:
                    context.Abort();
                    break;
                case { Kind: FaultKind.Hang }:
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
            }
        });

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        _app.MapGet("/_sandbox/requests", () => Results.Json(Journal.Requests, options));
        _app.MapDelete("/_sandbox/requests", () => { Journal.Clear(); return Results.NoContent(); });
        _app.MapPut("/_sandbox/faults/{provider}", async (string provider, HttpContext context) =>
        {
            var fault = await JsonSerializer.DeserializeAsync<Fault>(context.Request.Body, options);
            if (fault is null)
            {
                return Results.BadRequest();
            }

            Faults.Set(provider, fault);
            return Results.NoContent();
        });
        _app.MapDelete("/_sandbox/faults/{provider}", (string provider) => { Faults.Clear(provider); return Results.NoContent(); });

        foreach (var provider in providers)
        {
            provider.Map(_app);
        }
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
