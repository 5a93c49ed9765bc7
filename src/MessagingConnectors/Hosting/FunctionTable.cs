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

        return KeepLiteralRoutesReachable(functions).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The Functions host matches routes in the order it registers functions (by name), first match wins, with none of
    /// ASP.NET Core's precedence of a literal segment over a parameter: <c>serwersms/groups/{id}</c> (SerwerSmsGetGroup)
    /// took <c>groups/picker</c> from SerwerSmsGroupPicker under the real host. So a parameter that shares its place with
    /// literal segments of other functions (same earlier segments, same length, a method in common) refuses those
    /// literals by a regex constraint; any other value still reaches the app, which answers a bad id with its own 400.
    /// </summary>
    private static IEnumerable<FunctionDefinition> KeepLiteralRoutesReachable(List<FunctionDefinition> functions)
    {
        var http = functions.Where(f => f.Route is not null).Select(f => (Function: f, Segments: f.Route!.Split('/'))).ToList();
        foreach (var function in functions)
        {
            if (function.Route is null || !function.Route.Contains('{', StringComparison.Ordinal))
            {
                yield return function;
                continue;
            }

            var segments = function.Route.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (!IsParameter(segments[i]) || segments[i].Contains(':', StringComparison.Ordinal))
                {
                    continue;
                }

                var position = i;
                var literals = http
                    .Where(other => other.Function != function && other.Segments.Length == segments.Length
                                    && !IsParameter(other.Segments[position])
                                    && other.Function.Methods.Intersect(function.Methods, StringComparer.OrdinalIgnoreCase).Any()
                                    && Enumerable.Range(0, position).All(j => IsParameter(segments[j]) ? IsParameter(other.Segments[j]) : segments[j] == other.Segments[j]))
                    .Select(other => System.Text.RegularExpressions.Regex.Escape(other.Segments[position]))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (literals.Count > 0)
                {
                    segments[i] = $"{segments[i][..^1]}:regex(^(?!{string.Join('|', literals.Select(l => l + "$"))})){'}'}";
                }
            }

            yield return function with { Route = string.Join('/', segments) };
        }

        static bool IsParameter(string segment) => segment.StartsWith('{');
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
