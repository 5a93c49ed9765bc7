using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessagingConnectors.FunctionsHost.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace MessagingConnectors.FunctionsHost;

/// <summary>
/// The Azure Functions host, as far as a .NET isolated worker can tell, on loopback: it starts the built worker the
/// way its worker.config.json says, with the host's arguments and environment, speaks the host's side of the gRPC
/// protocol (start stream, init, metadata, load, invocations, terminate), and takes HTTP requests at a front door of
/// its own that routes them to functions by their routes and methods, checks the function key for functions that are
/// not anonymous, sends the invocation and forwards the request to the worker's own HTTP address with its invocation
/// id, as the host's ASP.NET Core integration does.
/// </summary>
public sealed class LoopbackFunctionsHost : IAsyncDisposable
{
    public const string FunctionKey = "loopback-function-key";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _workerDirectory;
    private readonly FunctionEndpoints _frontDoor = new();
    private WebApplication _server = null!;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new();
    private readonly TaskCompletionSource<IServerStreamWriter<StreamingMessage>> _streamStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WorkerInitResponse> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<FunctionMetadataResponse> _metadata = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _streamEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _toWorker = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Patience };
    private Process? _worker;

    private LoopbackFunctionsHost(string workerDirectory) => _workerDirectory = workerDirectory;

    /// <summary>The worker's functions by name, as it indexed them.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions { get; private set; } = new Dictionary<string, RpcFunctionMetadata>();

    /// <summary>The worker's own HTTP address (its HttpUri capability).</summary>
    public Uri WorkerHttpUri { get; private set; } = null!;

    /// <summary>The front door: an HttpClient at this base address calls functions as Azure's would.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every invocation the worker answered, in order: the function, its invocation id and the worker's answer.</summary>
    public ConcurrentQueue<(string Function, string InvocationId, InvocationResponse Response)> Invocations { get; } = new();

    private int _unanswered;

    /// <summary>
    /// The invocations once every one sent has its answer. A client can have the whole HTTP answer before the worker's
    /// InvocationResponse arrives (the worker reports the invocation after the function has written the response).
    /// </summary>
    public async Task<IReadOnlyList<(string Function, string InvocationId, InvocationResponse Response)>> AnsweredInvocationsAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Volatile.Read(ref _unanswered) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return Invocations.ToList();
    }

    /// <summary>Log lines the worker streamed over gRPC and wrote to its console.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>From starting the worker process to every function loaded and its HTTP address taking connections.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>When the worker process was started (<see cref="Stopwatch.GetTimestamp"/>), to time a first answer from.</summary>
    public long WorkerStartedTimestamp { get; private set; }

    /// <summary>
    /// Starts the host and the worker published or built in <paramref name="workerDirectory"/>, with
    /// <paramref name="appSettings"/> as the app settings (colons become double underscores, as in Azure).
    /// </summary>
    public static async Task<LoopbackFunctionsHost> StartAsync(string workerDirectory, IReadOnlyDictionary<string, string?> appSettings,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The worker speaks gRPC over HTTP/2 without TLS, which Kestrel offers only on an HTTP/2-only listener.
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        var host = new LoopbackFunctionsHost(Path.GetFullPath(workerDirectory));
        builder.Services.AddSingleton(host);
        var app = builder.Build();
        host._server = app;
        app.MapGrpcService<FunctionRpcService>();
        ((IEndpointRouteBuilder)app).DataSources.Add(host._frontDoor);
        await host.StartAsync(appSettings, cancellationToken);
        return host;
    }

    private async Task StartAsync(IReadOnlyDictionary<string, string?> appSettings, CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken);
        var addresses = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        // Kestrel lists the listeners in the order they were added: gRPC first, the front door second.
        var grpcAddress = new Uri(addresses[0]);
        BaseAddress = new Uri(addresses[1].TrimEnd('/') + "/");

        var clock = Stopwatch.StartNew();
        WorkerStartedTimestamp = Stopwatch.GetTimestamp();
        _worker = StartWorker(grpcAddress, appSettings);
        var stream = await _streamStarted.Task.WaitAsync(Patience, cancellationToken);

        await WriteAsync(new StreamingMessage
        {
            RequestId = NewId(),
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "4.0.0-loopback",
                WorkerDirectory = _workerDirectory,
                FunctionAppDirectory = _workerDirectory,
            },
        });
        var init = await _initialized.Task.WaitAsync(Patience, cancellationToken);
        Ensure(init.Result, "worker init");
        WorkerHttpUri = new Uri(init.Capabilities["HttpUri"]);

        await WriteAsync(new StreamingMessage
        {
            RequestId = NewId(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = _workerDirectory },
        });
        var metadata = await _metadata.Task.WaitAsync(Patience, cancellationToken);
        Ensure(metadata.Result, "function metadata");
        Functions = metadata.FunctionMetadataResults.ToDictionary(f => f.Name, StringComparer.Ordinal);

        var loads = new List<Task<FunctionLoadResponse>>();
        foreach (var function in Functions.Values)
        {
            var loaded = _loads.GetOrAdd(function.FunctionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
            loads.Add(loaded.Task);
            await WriteAsync(new StreamingMessage
            {
                RequestId = NewId(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            });
        }

        foreach (var load in await Task.WhenAll(loads).WaitAsync(Patience, cancellationToken))
        {
            Ensure(load.Result, "function load " + load.FunctionId);
        }

        await WaitForWorkerHttpAsync(cancellationToken);
        StartupTime = clock.Elapsed;
        _frontDoor.Open(Functions.Values, this);
        _ = stream;
    }

    /// <summary>
    /// The worker reports its HTTP address at init, while its Kestrel may still be starting (seen here: refused
    /// connections right after the functions loaded), so nothing is forwarded until the address takes a connection.
    /// </summary>
    private async Task WaitForWorkerHttpAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(WorkerHttpUri.Host, WorkerHttpUri.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && _worker is { HasExited: false })
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    /// <summary>Starts the worker as the host does: worker.config.json's executable and worker path, then the host's arguments.</summary>
    private Process StartWorker(Uri grpcAddress, IReadOnlyDictionary<string, string?> appSettings)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(_workerDirectory, "worker.config.json")))!["description"]!;
        var executable = (string)config["defaultExecutablePath"]!;
        var workerPath = Path.Combine(_workerDirectory, (string)config["defaultWorkerPath"]!);
        var workerId = NewId();
        var requestId = NewId();
        const string maxMessageLength = "2147483647";
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = _workerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     workerPath,
                     "--host", grpcAddress.Host, "--port", grpcAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessageLength,
                     "--functions-uri", grpcAddress.ToString(), "--functions-worker-id", workerId,
                     "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxMessageLength,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = _workerDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = _workerDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = _workerDirectory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        foreach (var (key, value) in appSettings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, line) => Collect(line.Data);
        process.ErrorDataReceived += (_, line) => Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            Logs.Enqueue(line);
        }
    }

    internal async Task ForwardLoggingFailuresAsync(RpcFunctionMetadata function, HttpContext context)
    {
        try
        {
            await ForwardAsync(function, context);
        }
        catch (Exception e)
        {
            Logs.Enqueue($"loopback host: forwarding to {function.Name} failed: {e}");
            throw;
        }
    }

    /// <summary>Invokes an HTTP function with the request a client sent the front door, and copies the worker's answer back.</summary>
    internal async Task ForwardAsync(RpcFunctionMetadata function, HttpContext context)
    {
        var trigger = function.Bindings.Single(b => b.Value.Type == "httpTrigger");
        if (!string.Equals(Property(function, trigger.Key, "authLevel"), "anonymous", StringComparison.OrdinalIgnoreCase))
        {
            var key = context.Request.Headers["x-functions-key"].ToString() is { Length: > 0 } header ? header : context.Request.Query["code"].ToString();
            if (key != FunctionKey)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }

        var invocationId = Guid.NewGuid().ToString();
        var answered = _invocations.GetOrAdd(invocationId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _unanswered);
        try
        {
            await ForwardToWorkerAsync(function, context, trigger.Key, invocationId, answered.Task);
        }
        finally
        {
            Interlocked.Decrement(ref _unanswered);
        }
    }

    private async Task ForwardToWorkerAsync(RpcFunctionMetadata function, HttpContext context, string triggerName, string invocationId,
        Task<InvocationResponse> answered)
    {
        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            new Uri(WorkerHttpUri, context.Request.Path.Value + context.Request.QueryString.Value));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            forwarded.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forwarded.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        // What the host's forwarder adds: the pairing header, and where the call came from.
        forwarded.Headers.Add("x-ms-invocation-id", invocationId);
        forwarded.Headers.Add("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        forwarded.Headers.Add("X-Forwarded-Proto", context.Request.Scheme);
        forwarded.Headers.Add("X-Forwarded-Host", context.Request.Host.Value);

        // The host forwards the request and sends the invocation at the same time; the worker pairs them by id.
        var sent = _toWorker.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        await WriteAsync(new StreamingMessage
        {
            RequestId = NewId(),
            InvocationRequest = new InvocationRequest
            {
                InvocationId = invocationId,
                FunctionId = function.FunctionId,
                InputData = { new ParameterBinding { Name = triggerName, Data = new TypedData { Http = new RpcHttp() } } },
                TraceContext = new RpcTraceContext(),
            },
        });

        using var response = await sent;
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        var outcome = await answered.WaitAsync(Patience, context.RequestAborted);
        Invocations.Enqueue((function.Name, invocationId, outcome));
    }

    /// <summary>Invokes a timer function as its schedule would, and returns the worker's answer.</summary>
    public async Task<InvocationResponse> InvokeTimerAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var function = Functions[functionName];
        var trigger = function.Bindings.Single(b => b.Value.Type == "timerTrigger");
        var invocationId = Guid.NewGuid().ToString();
        var answered = _invocations.GetOrAdd(invocationId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        await WriteAsync(new StreamingMessage
        {
            RequestId = NewId(),
            InvocationRequest = new InvocationRequest
            {
                InvocationId = invocationId,
                FunctionId = function.FunctionId,
                InputData =
                {
                    new ParameterBinding
                    {
                        Name = trigger.Key,
                        Data = new TypedData { Json = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""" },
                    },
                },
                TraceContext = new RpcTraceContext(),
            },
        });
        var outcome = await answered.Task.WaitAsync(Patience, cancellationToken);
        Invocations.Enqueue((function.Name, invocationId, outcome));
        return outcome;
    }

    /// <summary>A binding property from the function's raw binding JSON (the worker puts route, methods and auth level there).</summary>
    public static string? Property(RpcFunctionMetadata function, string binding, string property)
    {
        foreach (var raw in function.RawBindings)
        {
            var json = JsonNode.Parse(raw)!;
            if ((string?)json["name"] == binding)
            {
                return json[property] is JsonValue value ? value.ToString() : json[property]?.ToJsonString();
            }
        }

        return null;
    }

    /// <summary>The stream the worker opened: every message it sends arrives here.</summary>
    internal async Task ServeAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in requests.ReadAllAsync(cancellationToken))
            {
                switch (message.ContentCase)
                {
                    case StreamingMessage.ContentOneofCase.StartStream:
                        _streamStarted.TrySetResult(responses);
                        break;
                    case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                        _initialized.TrySetResult(message.WorkerInitResponse);
                        break;
                    case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                        _metadata.TrySetResult(message.FunctionMetadataResponse);
                        break;
                    case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                        _loads.GetOrAdd(message.FunctionLoadResponse.FunctionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously))
                            .TrySetResult(message.FunctionLoadResponse);
                        break;
                    case StreamingMessage.ContentOneofCase.InvocationResponse:
                        _invocations.GetOrAdd(message.InvocationResponse.InvocationId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously))
                            .TrySetResult(message.InvocationResponse);
                        break;
                    case StreamingMessage.ContentOneofCase.RpcLog:
                        Logs.Enqueue($"[{message.RpcLog.Level}] {message.RpcLog.Category}: {message.RpcLog.Message}");
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _streamEnded.TrySetResult();
        }
    }

    private async Task WriteAsync(StreamingMessage message)
    {
        var stream = await _streamStarted.Task.WaitAsync(Patience);
        await _writeLock.WaitAsync();
        try
        {
            await stream.WriteAsync(message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Ensure(StatusResult result, string what)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{what} failed: {result.Result} {result.Exception?.Message}\n{string.Join("\n", Logs)}");
        }
    }

    private static string NewId() => Guid.NewGuid().ToString();

    /// <summary>Asks the worker to stop as the host does (WorkerTerminate with a grace period), then ends it if it has not.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_worker is { HasExited: false } worker)
        {
            try
            {
                await WriteAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
                await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or Grpc.Core.RpcException)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
            }
        }

        _worker?.Dispose();
        _toWorker.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
        _writeLock.Dispose();
        _frontDoor.Dispose();
    }
}

/// <summary>The host's gRPC service: the worker opens one event stream and the whole conversation runs over it.</summary>
internal sealed class FunctionRpcService(LoopbackFunctionsHost host) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context) =>
        host.ServeAsync(requestStream, responseStream, context.CancellationToken);
}

/// <summary>
/// The front door's routes: one endpoint per HTTP function (its methods, and its route under api/ with constraints),
/// opened once the worker has loaded its functions, as the host's HTTP routing does.
/// </summary>
internal sealed class FunctionEndpoints : EndpointDataSource, IDisposable
{
    private IReadOnlyList<Endpoint> _endpoints = [];
    private CancellationTokenSource _changed = new();

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public override IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Open(IEnumerable<RpcFunctionMetadata> functions, LoopbackFunctionsHost host)
    {
        var endpoints = new List<Endpoint>();
        foreach (var function in functions)
        {
            var trigger = function.Bindings.SingleOrDefault(b => b.Value.Type == "httpTrigger").Key;
            if (trigger is null)
            {
                continue;
            }

            var route = LoopbackFunctionsHost.Property(function, trigger, "route") ?? function.Name;
            var methods = JsonNode.Parse(LoopbackFunctionsHost.Property(function, trigger, "methods") ?? "[]")!.AsArray()
                .Select(m => ((string)m!).ToUpperInvariant()).ToList();
            var builder = new RouteEndpointBuilder(context => host.ForwardLoggingFailuresAsync(function, context), RoutePatternFactory.Parse("/api/" + route), 0)
            {
                DisplayName = function.Name,
            };
            if (methods.Count > 0)
            {
                builder.Metadata.Add(new HttpMethodMetadata(methods));
            }

            endpoints.Add(builder.Build());
        }

        _endpoints = endpoints;
        using var changed = _changed;
        _changed = new CancellationTokenSource();
        changed.Cancel();
    }

    public void Dispose() => _changed.Dispose();
}
