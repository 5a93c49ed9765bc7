using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Patterns;

namespace MessagingConnectors.Hosting;

/// <summary>One Azure Functions function: an HTTP endpoint of the app, or a timer the host POSTs to <c>/{Name}</c>.</summary>
public sealed record FunctionDefinition(string Name, string? Route, IReadOnlyList<string> Methods, string AuthLevel, string? TimerSchedule)
{
    public bool IsTimer => TimerSchedule is not null;

    public JsonObject ToFunctionJson()
    {
        // Nodes, not JsonObjects: JsonArray.Add<JsonObject> is its generic overload, which serializes by reflection.
        var bindings = new List<JsonNode>();
        if (IsTimer)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = "timer",
                ["schedule"] = TimerSchedule,
            });
        }
        else
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "httpTrigger",
                ["direction"] = "in",
                ["name"] = "req",
                ["authLevel"] = AuthLevel,
                ["methods"] = new JsonArray(Methods.Select(m => (JsonNode)JsonValue.Create(m.ToLowerInvariant())).ToArray()),
                ["route"] = Route,
            });
            bindings.Add(new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" });
        }

        return new JsonObject { ["bindings"] = new JsonArray([.. bindings]) };
    }
}

/// <summary>Marks the endpoint the Functions host calls for a timer function (POST <c>/{Name}</c>).</summary>
public sealed record TimerFunctionMetadata(string Name, string Schedule);

/// <summary>
/// The app's endpoint table as Azure Functions functions: one per endpoint, named by its
/// operationId, routed without the host's <c>api/</c> prefix. The package script writes it.
/// </summary>
public static class FunctionTable
{
    public const string RoutePrefix = "api/";

    public static IReadOnlyList<FunctionDefinition> From(IEnumerable<EndpointDataSource> sources)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<NotAFunctionMetadata>() is not null)
            {
                continue;
            }

            if (endpoint.Metadata.GetMetadata<TimerFunctionMetadata>() is { } timer)
            {
                functions.Add(new FunctionDefinition(timer.Name, null, [], FunctionAuthLevelMetadata.Function, timer.Schedule));
                continue;
            }

            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                       ?? throw new InvalidOperationException($"Endpoint {endpoint.RoutePattern.RawText} has no name (operationId).");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods
                          ?? throw new InvalidOperationException($"Endpoint {name} declares no HTTP method.");
            var level = endpoint.Metadata.GetMetadata<FunctionAuthLevelMetadata>()?.Level ?? FunctionAuthLevelMetadata.Function;
            functions.Add(new FunctionDefinition(name, FunctionRoute(endpoint.RoutePattern), methods.ToList(), level, null));
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two endpoints share the function name {duplicate.Key}.");
        }

        return functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

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

    public static void Write(IReadOnlyList<FunctionDefinition> functions, string directory)
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        foreach (var function in functions)
        {
            var folder = Path.Combine(directory, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), function.ToFunctionJson().ToJsonString(options) + "\n");
        }
    }
}
