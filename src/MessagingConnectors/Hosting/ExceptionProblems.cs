using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using MessagingConnectors.Providers;
using MessagingConnectors.Storage;

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
        var json = exception as JsonException ?? exception.InnerException as JsonException;
        var sent = json is null ? null : await SentJsonAsync(httpContext, json.Path, cancellationToken);
        var result = ToResult(exception, httpContext, sent);
        if (((IStatusCodeHttpResult)result).StatusCode >= 500 && exception is not ProviderException and not StorageUnavailableException)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);

    /// <param name="sentJson">The JSON type the request sent where a <see cref="JsonException"/> broke off, when known.</param>
    public static IResult ToResult(Exception exception, HttpContext? context = null, string? sentJson = null) => exception switch
    {
        BadHttpRequestException bad => FromBadRequest(bad, context, sentJson),
        JsonException json => FromJson(json, sentJson),
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
        var extensions = new Dictionary<string, object?> { [Problems.Members.Provider] = e.Provider };
        if (e.ProviderCode is not null)
        {
            extensions[Problems.Members.ProviderCode] = e.ProviderCode;
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

    private static ProblemHttpResult FromBadRequest(BadHttpRequestException bad, HttpContext? context, string? sentJson)
    {
        if (bad.InnerException is JsonException json)
        {
            return FromJson(json, sentJson);
        }

        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => BodySizeLimitMiddleware.TooLarge(
                context is null ? BodySizeLimitMiddleware.DefaultJsonLimit : BodySizeLimitMiddleware.Limit(context), context?.Request.ContentLength),
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
    /// status-code page finds the parameter itself: the first whole-number or true/false parameter whose value does not parse.
    /// </summary>
    internal static ProblemHttpResult? UnparsedParameter(HttpContext context)
    {
        foreach (var parameter in context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata>() ?? [])
        {
            var name = ParameterConventions.BoundName(parameter.ParameterInfo, parameter.Name);
            var raw = context.Request.RouteValues.TryGetValue(name, out var routeValue)
                ? Convert.ToString(routeValue, CultureInfo.InvariantCulture)
                : context.Request.Query[name].ToString();
            var type = parameter.ParameterInfo.ParameterType;
            if (!string.IsNullOrEmpty(raw) && parameter.HasTryParse && ParameterConventions.Kind(type) is { } kind && !ParameterConventions.Parses(type, raw))
            {
                return Problems.Validation(ParameterConventions.CallerName(parameter.ParameterInfo, parameter.Name), $"must be {kind}.");
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

    private static ProblemHttpResult FromJson(JsonException json, string? sent)
    {
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : FieldFromJsonPath(json.Path);
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return Problems.Validation(path ?? "body", "is not a known field of this request.");
        }

        if (ConvertedTo().Match(json.Message) is { Success: true } conversion)
        {
            var expected = ExpectedJson(conversion.Groups["type"].Value);
            var rule = sent switch
            {
                null => $"must be {expected}.",
                "a string" when expected.StartsWith("a date", StringComparison.Ordinal) => $"must be {expected}; the string sent is not in that form.",
                _ => $"must be {expected}, not {sent}.",
            };
            return Problems.Validation(path ?? "body", rule);
        }

        return Problems.Validation("body", path is null ? "is not well-formed JSON." : $"is not well-formed JSON (broken at {path}).");
    }

    [System.Text.RegularExpressions.GeneratedRegex("could not be converted to (?<type>.+?)\\.( Path:|$)")]
    private static partial System.Text.RegularExpressions.Regex ConvertedTo();

    /// <summary>What a .NET target type (as System.Text.Json names it) asks for, in the words of JSON.</summary>
    internal static string ExpectedJson(string type)
    {
        if (!type.Contains('.', StringComparison.Ordinal) || type.StartsWith("a ", StringComparison.Ordinal))
        {
            return type; // a converter's own words, e.g. "a group id"
        }

        var inner = type.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']');
        return inner switch
        {
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.Contains("Enumerable`1", StringComparison.Ordinal)
                || type.Contains("Collection`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ when type.Contains("Dictionary`2", StringComparison.Ordinal) => "an object",
            "System.String" => "a string",
            "System.Int16" or "System.Int32" or "System.Int64" or "System.Byte" => "a whole number",
            "System.Decimal" or "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time in ISO 8601 form with its offset, e.g. 2026-12-24T09:30:00+01:00",
            "System.DateOnly" => "a date in ISO 8601 form, e.g. 2026-12-24",
            "System.Guid" => "a GUID",
            _ when inner.StartsWith("System.", StringComparison.Ordinal) => "a valid value",
            _ => "an object",
        };
    }

    /// <summary>
    /// The JSON type the request sent at <paramref name="jsonPath"/>, read again from the kept body (ordinary JSON
    /// endpoints keep it, see <see cref="BodySizeLimitMiddleware"/>), or null when it cannot be told.
    /// </summary>
    private static async Task<string?> SentJsonAsync(HttpContext context, string? jsonPath, CancellationToken cancellationToken)
    {
        var body = context.Request.Body;
        if (body is not { CanSeek: true } || jsonPath is null)
        {
            return null;
        }

        try
        {
            body.Position = 0;
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var element = document.RootElement;
            foreach (System.Text.RegularExpressions.Match step in JsonPathStep().Matches(jsonPath))
            {
                if (step.Groups["index"].Success)
                {
                    var index = int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture);
                    if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                    {
                        return null;
                    }

                    element = element[index];
                }
                else
                {
                    var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                    if (element.ValueKind != JsonValueKind.Object || !TryGetPropertyIgnoringCase(element, name, out element))
                    {
                        return null;
                    }
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.True or JsonValueKind.False => "a boolean",
                JsonValueKind.Null => "null",
                JsonValueKind.Array => "an array",
                JsonValueKind.Object => "an object",
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException or ObjectDisposedException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static bool TryGetPropertyIgnoringCase(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\.(?<name>[^.\\[]+)|\\['(?<quoted>[^']*)'\\]|\\[(?<index>[0-9]+)\\]")]
    private static partial System.Text.RegularExpressions.Regex JsonPathStep();

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
