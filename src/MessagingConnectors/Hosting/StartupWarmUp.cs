using System.Diagnostics;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Hosting;

/// <summary>
/// Starts, in the background when the host starts, the work a cold start's first requests would otherwise wait for:
/// creating the storage clients and opening their first connections (one health check, which a health probe that
/// comes meanwhile shares). It does not build the endpoints: on 2 cores a build here, which the first request's routing
/// then shares (<see cref="EndpointsBuiltOnce"/>), made the first answer no earlier than the noise of a cold start
/// (under the Functions worker, where the first request comes seconds later, <see cref="EndpointPipeline"/> builds its
/// pipeline and endpoints early). Nothing waits for it, and a failure here only logs: the request that meets the same
/// problem reports it.
/// </summary>
public sealed partial class StartupWarmUp(StorageHealth health, IHostApplicationLifetime lifetime, ILogger<StartupWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        OnOwnThread("startup warm-up", () => _ = WarmUpStorageAsync());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs startup work on a thread of its own, not the thread pool's. The pool starts with one thread per core, and
    /// warm-up running there held the server's first connection until the pool grew: about 150 ms on 2 cores, seen in
    /// a sampled trace of a cold start (the connection's dispatch waited for both warm-ups to finish).
    /// </summary>
    internal static void OnOwnThread(string name, Action work) => new Thread(() =>
    {
        try
        {
            work();
        }
        catch (Exception)
        {
            // The request that needs the same work meets the same failure and reports it.
        }
    })
    { IsBackground = true, Name = name }.Start();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs the storage check on the calling thread up to its first wait; a failure only logs.</summary>
    private async Task WarmUpStorageAsync()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await health.CheckAsync(lifetime.ApplicationStopping);
            LogWarmedUp(logger, clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogFailed(logger, e);
        }
        catch (Exception)
        {
            // The app stopped while this ran (tests start and stop apps quickly): nothing to report.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warmed up storage in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up storage failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
