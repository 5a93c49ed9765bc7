using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.Hosting;

/// <summary>
/// Turns every exception that reaches the pipeline into problem details: what a caller can
/// cause becomes a 4xx naming the field, provider and storage failures keep their meaning,
/// and only a bug is a 500 (logged without request data).
/// </summary>
internal sealed partial class ExceptionProblems(ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = ToResult(exception);
        if (((IStatusCodeHttpResult)result).StatusCode >= 500 && exception is not ProviderException and not StorageUnavailableException)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);

    public static IResult ToResult(Exception exception) => exception switch
    {
        BadHttpRequestException bad => FromBadRequest(bad),
        JsonException json => FromJson(json),
        ProviderException provider => FromProvider(provider),
        MissingCredentialsException missing => Problems.Unauthorized(missing.Message),
        StorageUnavailableException storage => Problems.StorageUnavailable(storage.Message),
        _ => Problems.Create(StatusCodes.Status500InternalServerError, Problems.Types.Internal,
            "Unexpected failure", "The request failed unexpectedly; it has been logged."),
    };

    /// <summary>The problem for a provider failure; a throttled one carries the provider's Retry-After.</summary>
    public static IResult FromProvider(ProviderException e)
    {
        var problem = ProviderProblem(e);
        return e.RetryAfter is { } retryAfter ? new RetryAfterResult(problem, retryAfter) : problem;
    }

    private static ProblemHttpResult ProviderProblem(ProviderException e)
    {
        var extensions = new Dictionary<string, object?> { ["provider"] = e.Provider };
        if (e.ProviderCode is not null)
        {
            extensions["providerCode"] = e.ProviderCode;
        }

        if (e.Extensions is not null)
        {
            foreach (var (key, value) in e.Extensions)
            {
                extensions[key] = value;
            }
        }

        return Problems.Create(e.Status, e.ProblemType, e.Title, e.Detail, extensions);
    }

    private static ProblemHttpResult FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return FromJson(json);
        }

        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problems.Create(bad.StatusCode, Problems.Types.PayloadTooLarge,
                "The request body is too large", "The request body exceeds the size limit of this endpoint."),
            StatusCodes.Status415UnsupportedMediaType => Problems.Create(bad.StatusCode, Problems.Types.UnsupportedMediaType,
                "Unsupported content type", "Send the body as application/json."),
            _ when BoundParameter(bad.Message) is { } parameter => Problems.Validation(parameter.Field, parameter.Rule),
            _ => Problems.Validation("body", BadRequestDetail(bad)),
        };
    }

    /// <summary>
    /// Reads the parameter out of the framework's binding messages ("Failed to bind parameter \"long listId\" from \"abc\"",
    /// "Required parameter \"string q\" was not provided") and names it the way the API spells it (snake_case).
    /// </summary>
    internal static (string Field, string Rule)? BoundParameter(string message)
    {
        var match = BindMessage().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var field = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value);
        var rule = match.Groups["kind"].Value == "Required"
            ? "is required."
            : $"must be {TypeDescription(match.Groups["type"].Value)}.";
        return (field, rule);
    }

    /// <summary>
    /// The Request Delegate Generator answers a bare 400 when an optional query or route value does not parse (it sets
    /// its failure flag but never raises the <see cref="BadHttpRequestException"/> that names the parameter), so the
    /// status-code page finds the parameter itself: the first whole-number parameter whose value does not parse.
    /// </summary>
    internal static ProblemHttpResult? UnparsedParameter(HttpContext context)
    {
        foreach (var parameter in context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata>() ?? [])
        {
            var raw = context.Request.RouteValues.TryGetValue(parameter.Name, out var routeValue)
                ? Convert.ToString(routeValue, CultureInfo.InvariantCulture)
                : context.Request.Query[parameter.Name].ToString();
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            var parses = string.IsNullOrEmpty(raw) || !parameter.HasTryParse
                         || (type == typeof(int) ? int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                             : type != typeof(long) || long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
            if (!parses)
            {
                return Problems.Validation(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name), $"must be {TypeDescription(type.Name)}.");
            }
        }

        return null;
    }

    private static string TypeDescription(string type) => type.TrimEnd('?') switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "bool" or "Boolean" => "true or false",
        "double" or "decimal" or "float" => "a number",
        "Guid" => "a GUID",
        _ => "a valid value",
    };

    [System.Text.RegularExpressions.GeneratedRegex("^(?<kind>Failed to bind|Required) parameter \"(?<type>[^ \"]+) (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial System.Text.RegularExpressions.Regex BindMessage();

    private static ProblemHttpResult FromJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : FieldFromJsonPath(json.Path);
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return Problems.Validation(path ?? "body", "is not a known field of this request.");
        }

        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return Problems.Validation(path ?? "body", "has the wrong JSON type for this field.");
        }

        return Problems.Validation("body", path is null ? "is not well-formed JSON." : $"is not well-formed JSON (broken at {path}).");
    }

    /// <summary>Maps System.Text.Json's "$.messages[0].to" or "$['odd key']" to the field name problems use.</summary>
    internal static string FieldFromJsonPath(string path)
    {
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    private static string BadRequestDetail(BadHttpRequestException bad) =>
        bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) || bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            ? "A JSON request body is required."
            : "The request could not be read.";
}

/// <summary>A result that adds <c>Retry-After</c> (whole seconds) to the answer it wraps.</summary>
internal sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
