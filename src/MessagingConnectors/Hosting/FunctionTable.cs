using Microsoft.AspNetCore.Routing.Patterns;

namespace MessagingConnectors.Hosting;

/// <summary>One Azure Functions function: an HTTP endpoint of the app, or a timer.</summary>
public sealed record FunctionDefinition(string Name, string? Route, IReadOnlyList<string> Methods, string AuthLevel, string? TimerSchedule)
{
    public bool IsTimer => TimerSchedule is not null;
}

/// <summary>
/// The app's endpoint table and timers as Azure Functions functions: one per endpoint, named by its operationId and
/// routed without the host's <c>api/</c> prefix, one per <see cref="TimerFunction"/>. The isolated worker's function
/// classes are generated from it (src/MessagingConnectors.ApiExport), and tests hold the built worker's
/// functions.metadata to it.
/// </summary>
public static class FunctionTable
{
    public const string RoutePrefix = "api/";

    public static IReadOnlyList<FunctionDefinition> From(IEnumerable<EndpointDataSource> sources, IEnumerable<TimerFunction> timers)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<NotAFunctionMetadata>() is not null)
            {
                continue;
            }

            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                       ?? throw new InvalidOperationException($"Endpoint {endpoint.RoutePattern.RawText} has no name (operationId).");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods
                          ?? throw new InvalidOperationException($"Endpoint {name} declares no HTTP method.");
            var level = endpoint.Metadata.GetMetadata<FunctionAuthLevelMetadata>()?.Level ?? FunctionAuthLevelMetadata.Function;
            functions.Add(new FunctionDefinition(name, FunctionRoute(endpoint.RoutePattern), methods.ToList(), level, null));
        }

        functions.AddRange(timers.Select(t => new FunctionDefinition(t.Name, null, [], FunctionAuthLevelMetadata.Function, t.Schedule)));

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions share the name {duplicate.Key}.");
        }

        return functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The functions of a built app: its endpoints and its registered timers.</summary>
    public static IReadOnlyList<FunctionDefinition> From(WebApplication app) =>
        From(((IEndpointRouteBuilder)app).DataSources, app.Services.GetServices<TimerFunction>());

    /// <summary>ASP.NET route "/api/lists/{list_id}" becomes the Functions route "lists/{list_id}"; "{**rest}" becomes "{*rest}".</summary>
    public static string FunctionRoute(RoutePattern pattern)
    {
        var route = pattern.RawText!.TrimStart('/');
        if (!route.StartsWith(RoutePrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Route {pattern.RawText} is outside /{RoutePrefix}: the Functions host would not forward it.");
        }

        return route[RoutePrefix.Length..].Replace("{**", "{*", StringComparison.Ordinal);
    }
}
