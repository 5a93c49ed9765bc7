using System.Diagnostics;
using MessagingConnectors.Storage;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Hosting;

/// <summary>
/// Starts, in the background when the host starts, the work a cold start's first requests would otherwise wait for:
/// building the endpoints (their generated binding reads the JSON metadata of every request and response type) and
/// the validation rules of the models they take (<see cref="DeclaredRules.Prepare"/>), and
/// creating the storage clients and opening their first connections (one health check). It runs while Kestrel binds
/// and the Functions host makes its first call. Nothing waits for it, and a failure here only logs: the request that
/// meets the same problem reports it.
/// </summary>
public sealed partial class StartupWarmUp(StorageHealth health, IHostApplicationLifetime lifetime, ILogger<StartupWarmUp> logger) : IHostedService
{
    private IReadOnlyCollection<EndpointDataSource> _endpoints = [];

    /// <summary>The app's endpoints, once mapped (they are not in the service container until the server builds its pipeline).</summary>
    public void Prepare(IEndpointRouteBuilder app) => _endpoints = [.. app.DataSources];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = WarmUpAsync("endpoints", () =>
        {
            using var endpoints = new CompositeEndpointDataSource(_endpoints);
            PrepareValidation(endpoints.Endpoints);
            return Task.CompletedTask;
        });
        _ = WarmUpAsync("storage", () => health.CheckAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    /// <summary>Reads the rules of every model the endpoints validate and compiles their readers (both hosts call it).</summary>
    internal static void PrepareValidation(IEnumerable<Endpoint> endpoints)
    {
        foreach (var model in endpoints.Select(e => e.Metadata.GetMetadata<ValidatedModel>()?.Model).OfType<Type>().Distinct())
        {
            DeclaredRules.Prepare(model);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task WarmUpAsync(string what, Func<Task> work) => Task.Run(async () =>
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await work();
            LogWarmedUp(logger, what, clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogFailed(logger, what, e);
        }
        catch (Exception)
        {
            // The app stopped while this ran (tests start and stop apps quickly): nothing to report.
        }
    }, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warmed up {What} in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, string what, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up {What} failed")]
    private static partial void LogFailed(ILogger logger, string what, Exception exception);
}
