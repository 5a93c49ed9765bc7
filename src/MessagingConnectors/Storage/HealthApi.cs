using System.Text.Json.Serialization;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.Storage;

public sealed record HealthCheck(
    [property: JsonPropertyName("name"), ApiField("Check", "What was checked: table or blob storage.")] string Name,
    [property: JsonPropertyName("status"), ApiField("Status", "healthy or unhealthy.")] string Status,
    [property: JsonPropertyName("detail"), ApiField("Detail", "Why the check failed; empty when healthy.")] string? Detail);

public sealed record HealthReport(
    [property: JsonPropertyName("status"), ApiField("Status", "healthy when every check passed, unhealthy otherwise.")] string Status,
    [property: JsonPropertyName("checks"), ApiField("Checks", "The outcome of each storage check.")] IReadOnlyList<HealthCheck> Checks);

/// <summary><c>GET /api/health</c>: whether Blob and Table storage answer, each within a short time.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", CheckAsync)
            .WithName("GetHealth")
            .WithTags("Operations")
            .WithSummary("Check service health")
            .WithDescription("Reports whether the app can reach Blob and Table storage. Answers 200 when both answer, 503 otherwise.")
            .WithVisibility(OpenApi.Visibility.Internal)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(StorageHealth health, CancellationToken cancellationToken)
    {
        var checks = await health.CheckAsync(cancellationToken);
        if (checks.All(c => c.Status == "healthy"))
        {
            return TypedResults.Ok(new HealthReport("healthy", checks));
        }

        return Problems.Create(StatusCodes.Status503ServiceUnavailable, Problems.Types.StorageUnavailable, "The service is unhealthy",
            "Storage cannot be reached: " + string.Join(", ", checks.Where(c => c.Status != "healthy").Select(c => c.Name)) + ".",
            new Dictionary<string, object?> { [Problems.Members.Checks] = checks });
    }
}

/// <summary>
/// The storage checks behind <c>GET /api/health</c>. Callers that ask while a check is running share it instead of
/// starting their own: at startup the warm-up's check and the first probes (a host's or an orchestrator's) would
/// otherwise each open cold connections at once, and a burst of probes costs one round of storage calls.
/// </summary>
public sealed class StorageHealth(StorageClients storage, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private Task<HealthCheck[]>? _running;

    public Task<HealthCheck[]> CheckAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var running = Volatile.Read(ref _running);
            if (running is { IsCompleted: false })
            {
                return running.WaitAsync(cancellationToken);
            }

            var started = new TaskCompletionSource<HealthCheck[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _running, started.Task, running) == running)
            {
                // Not the caller's token: others may be waiting on this check after the caller has gone.
                _ = RunAsync(started);
                return started.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task RunAsync(TaskCompletionSource<HealthCheck[]> started)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            started.SetResult(await Task.WhenAll(
                Probe("table", async ct => { await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages().WithCancellation(ct)) { break; } }, stopping),
                Probe("blob", async ct => await storage.Blobs.GetPropertiesAsync(ct), stopping)));
        }
        catch (Exception e)
        {
            started.SetException(e);
        }
    }

    private static async Task<HealthCheck> Probe(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await probe(timeout.Token);
            return new HealthCheck(name, "healthy", null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheck(name, "unhealthy", e is OperationCanceledException ? "timed out" : e.GetType().Name);
        }
    }
}
