namespace MessagingConnectors.Hosting;

/// <summary>What the app knows of the Azure Functions host when the isolated worker runs it.</summary>
public static class FunctionsHost
{
    /// <summary>Set by the host for every language worker it starts: the folder of the worker's worker.config.json.</summary>
    public const string WorkerDirectoryVariable = "FUNCTIONS_WORKER_DIRECTORY";

    /// <summary>
    /// Whether the app runs under the Functions host, which forwards each HTTP request to the worker from loopback
    /// with the caller's address in <c>X-Forwarded-For</c>.
    /// </summary>
    public static bool IsHosting(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[WorkerDirectoryVariable]);
}
