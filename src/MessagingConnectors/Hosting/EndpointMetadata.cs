using MessagingConnectors.OpenApi;

namespace MessagingConnectors.Hosting;

/// <summary>Azure Functions auth level of an endpoint's function (<c>function</c> unless marked).</summary>
public sealed record FunctionAuthLevelMetadata(string Level)
{
    public const string Function = "function";
    public const string Anonymous = "anonymous";
}

/// <summary>Keeps an endpoint out of the generated function table (the host's own probe of <c>GET /</c>).</summary>
public sealed class NotAFunctionMetadata;

public sealed record VisibilityMetadata(Visibility Visibility);

/// <summary>Largest request body an endpoint reads; larger ones get 413 before any work.</summary>
public sealed record BodySizeLimitMetadata(long MaxBytes);

public static class EndpointMetadataExtensions
{
    /// <summary>Open at the Functions host: for provider receivers (they prove themselves with a secret) and public docs.</summary>
    public static TBuilder AnonymousAtHost<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FunctionAuthLevelMetadata(FunctionAuthLevelMetadata.Anonymous));

    /// <summary>A provider's call into the app (an inbound SMS, a contact change): open at the host, and not an action, so not in the document.</summary>
    public static TBuilder ReceivesProviderCalls<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AnonymousAtHost().ExcludeFromDescription();

    /// <summary>An endpoint that reads or writes Table or Blob storage: a storage outage is its 503 problem, for the document.</summary>
    public static TBuilder UsesStorage<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ProblemAnswer(StatusCodes.Status503ServiceUnavailable));

    /// <summary>What <c>ProducesProblem</c> declares, for any convention builder (a route group too).</summary>
    private static ProducesResponseTypeMetadata ProblemAnswer(int status) =>
        new(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [System.Net.Mime.MediaTypeNames.Application.ProblemJson]);

    public static TBuilder WithVisibility<TBuilder>(this TBuilder builder, Visibility visibility) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new VisibilityMetadata(visibility));

    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimitMetadata(maxBytes));

    /// <summary>The statuses of the problems any provider call can answer: refused credentials, refusals, throttling, the provider failing.</summary>
    /// <summary>What a provider call can answer besides the operation's own: the provider's refusals passed through (<see cref="Providers.UpstreamFailures"/>) and its failures.</summary>
    public static readonly IReadOnlyList<int> ProviderProblemStatuses =
    [
        StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
        StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status502BadGateway,
        StatusCodes.Status504GatewayTimeout,
    ];

    /// <summary>
    /// Declares the problem answers any provider call can give, for the OpenAPI document: on a route group, once for
    /// every endpoint of a provider that calls it.
    /// </summary>
    public static TBuilder ProducesProviderProblems<TBuilder>(this TBuilder builder, params int[] providerOwn) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in ProviderProblemStatuses.Concat(providerOwn))
        {
            builder.WithMetadata(ProblemAnswer(status));
        }

        return builder;
    }
}
