namespace MessagingConnectors.Hosting;

/// <summary>
/// The app's whole request pipeline (problem details, routing, body limits, the endpoints with their validation,
/// idempotency and file checks) as one delegate over any host's <see cref="HttpContext"/>: each function of the
/// isolated worker hands its request to it, so both hosts run the one implementation of every action.
/// </summary>
public sealed class EndpointPipeline(IServiceProvider services) : IHostedService
{
    /// <summary>Where <see cref="RunAsync"/> notes the function that took the request, for <see cref="FunctionMatch"/>.</summary>
    public const string FunctionItem = "MessagingConnectors.Function";

    private readonly Lazy<RequestDelegate> _pipeline = new(() =>
    {
        var app = new ApplicationBuilder(services);
        app.UseMessagingConnectors();
        return app.Build();
    });

    /// <summary>
    /// Under the worker, builds the pipeline and its endpoints in the background while the host loads the functions, so
    /// the first request does not wait for them (the standalone host builds its own pipeline before it listens).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartupWarmUp.OnOwnThread("pipeline warm-up", () =>
        {
            _ = _pipeline.Value;
            _ = services.GetRequiredService<EndpointDataSource>().Endpoints;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RunAsync(string function, HttpContext context)
    {
        // The worker routed the request to its function; the app routes it again to its own endpoint, which the
        // routing middleware skips while an endpoint is set.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        context.Items[FunctionItem] = function;
        return _pipeline.Value(context);
    }

    /// <summary>
    /// After routing: a request a function handed over must reach the endpoint of the same name (functions and
    /// endpoints are generated from one table, so a mismatch is a bug, answered 500 and logged).
    /// </summary>
    internal static Task FunctionMatch(HttpContext context, RequestDelegate next)
    {
        if (context.Items.TryGetValue(FunctionItem, out var function) && context.GetEndpoint() is { } endpoint
            && endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && name != (string?)function)
        {
            throw new InvalidOperationException($"The function {function} reached the endpoint {name}.");
        }

        return next(context);
    }
}
