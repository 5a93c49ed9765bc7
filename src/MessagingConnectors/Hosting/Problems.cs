using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.Hosting;

/// <summary>
/// The one place that shapes RFC 9457 problem details, so every non-2xx answer of the app
/// (validation, auth, provider failures, storage outages) carries the same fields.
/// </summary>
public static class Problems
{
    private const string TypePrefix = "urn:messaging-connectors:problem:";

    public static class Types
    {
        public const string Validation = TypePrefix + "validation";
        public const string Unauthorized = TypePrefix + "unauthorized";
        public const string NotFound = TypePrefix + "not-found";
        public const string MethodNotAllowed = TypePrefix + "method-not-allowed";
        public const string PayloadTooLarge = TypePrefix + "payload-too-large";
        public const string UnsupportedMediaType = TypePrefix + "unsupported-media-type";
        public const string IdempotencyConflict = TypePrefix + "idempotency-conflict";
        public const string IdempotencyKeyReused = TypePrefix + "idempotency-key-reused";
        public const string Provider = TypePrefix + "provider-error";
        public const string ProviderUnreachable = TypePrefix + "provider-unreachable";
        public const string ProviderTimeout = TypePrefix + "provider-timeout";
        public const string AllRecipientsRejected = TypePrefix + "all-recipients-rejected";
        public const string StorageUnavailable = TypePrefix + "storage-unavailable";
        public const string Internal = TypePrefix + "internal";
    }

    /// <summary>
    /// The members the app adds to RFC 9457's (<c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c>): one
    /// list, which the OpenAPI document declares on every problem schema with its JSON type, so generated clients type them.
    /// </summary>
    public static class Members
    {
        public const string Provider = "provider";
        public const string ProviderCode = "providerCode";
        public const string ProviderStatus = "providerStatus";
        public const string ProviderType = "providerType";
        public const string ProviderMessage = "providerMessage";
        public const string Rejected = "rejected";
        public const string Errors = "errors";
        public const string Checks = "checks";
        /// <summary>Added by ASP.NET Core's problem details writer: the request's trace identifier, to find its log lines.</summary>
        public const string TraceId = "traceId";

        /// <summary>Each member with the .NET type of its value (which the document turns into a schema) and what it says.</summary>
        public static readonly IReadOnlyList<(string Name, Type Type, string Summary, string Description)> All =
        [
            (Provider, typeof(string), "Provider", "The provider whose failure or refusal this is: ClickSend, SerwerSMS or Clipsan."),
            (ProviderCode, typeof(string), "Provider Code", "The provider's own error code or text (ClickSend's response_code, SerwerSMS's error code, Clipsan's error)."),
            (ProviderStatus, typeof(int), "Provider Status", "The HTTP status the provider answered with."),
            (ProviderType, typeof(string), "Provider Type", "SerwerSMS's error type."),
            (ProviderMessage, typeof(string), "Provider Message", "The provider's own message, in its language."),
            (Rejected, typeof(RejectedRecipient[]), "Rejected Recipients", "Every recipient of a send the provider fully rejected, with its reason."),
            (Errors, typeof(IDictionary<string, string[]>), "Errors", "The rules each field broke, keyed by the field as it was sent, e.g. messages[0].to."),
            (Checks, typeof(Storage.HealthCheck[]), "Checks", "Each storage service's health, when the app is unhealthy."),
            (TraceId, typeof(string), "Trace ID", "The request's trace identifier, to find its log lines."),
        ];
    }

    public static ProblemHttpResult Create(int status, string type, string title, string detail,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = Types.Validation,
            Title = "The request is not valid",
            Detail = "One or more fields break a rule: " + Sentences(errors.SelectMany(e => e.Value.Select(m => (e.Key, m)))),
        };
        return TypedResults.Problem(problem);
    }

    /// <summary>"a: rule one; b: rule two." from rules that each end with a full stop (no ".;" joins).</summary>
    public static string Sentences(IEnumerable<(string Field, string Message)> rules) =>
        string.Join("; ", rules.Select(r => $"{r.Field}: {r.Message.TrimEnd('.')}")) + ".";

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The problem for a bare status the framework set without a body (unknown route, wrong method or media type).</summary>
    public static ProblemHttpResult ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => Create(status, Types.NotFound, "Not found", "No endpoint answers this path; see /api/swagger.json."),
        StatusCodes.Status405MethodNotAllowed => Create(status, Types.MethodNotAllowed, "Method not allowed", "This path does not accept this HTTP method."),
        StatusCodes.Status415UnsupportedMediaType => Create(status, Types.UnsupportedMediaType, "Unsupported content type",
            "Send the body as application/json (or a content type this endpoint lists)."),
        // RFC 9457: "about:blank" when the status says it all and no type of the app's own fits.
        _ => Create(status, "about:blank", ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "The request failed",
            "The request could not be processed as sent."),
    };

    public static ProblemHttpResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, Types.Unauthorized, "Authentication is required", detail);

    public static ProblemHttpResult StorageUnavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, Types.StorageUnavailable, "Storage is unavailable", detail);
}
