using System.Text.Json.Serialization;

namespace MessagingConnectors.Hosting;

/// <summary>What a custom handler answers the Functions host for a non-HTTP trigger.</summary>
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] Dictionary<string, string> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] string? ReturnValue);

public static class TimerFunctions
{
    /// <summary>
    /// A timer function: the Functions host POSTs <c>{Data, Metadata}</c> to <c>/{name}</c> on the
    /// schedule and expects 2xx with <c>{Outputs, Logs, ReturnValue}</c>. Standalone runs call the
    /// same work from a background loop instead.
    /// </summary>
    public static RouteHandlerBuilder MapTimerFunction(this IEndpointRouteBuilder app, string name, string schedule,
        Func<IServiceProvider, CancellationToken, Task<string>> work) =>
        app.MapPost("/" + name, async (HttpContext context) =>
            {
                var summary = await work(context.RequestServices, context.RequestAborted);
                return TypedResults.Ok(new InvocationResult([], [summary], null));
            })
            .WithName(name)
            .WithMetadata(new TimerFunctionMetadata(name, schedule))
            .ExcludeFromDescription();
}
