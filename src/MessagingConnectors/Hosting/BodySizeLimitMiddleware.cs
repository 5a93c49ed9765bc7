using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MessagingConnectors.Hosting;

/// <summary>
/// Applies each endpoint's <see cref="BodySizeLimitMetadata"/> (or the default JSON limit) before
/// the body is read: a declared length over the limit is refused at once, a chunked body when it crosses it.
/// </summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public const long DefaultJsonLimit = 1024 * 1024;

    /// <summary>The body limit of the request's endpoint.</summary>
    public static long Limit(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimitMetadata>()?.MaxBytes ?? DefaultJsonLimit;

    /// <summary>The 413 problem: the limit, and the body's size when the request declares it.</summary>
    public static ProblemHttpResult TooLarge(long limit, long? declared) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, Problems.Types.PayloadTooLarge, "The request body is too large",
            declared is { } size
                ? string.Create(CultureInfo.InvariantCulture, $"This endpoint accepts a body of at most {limit:N0} bytes; the request declares {size:N0}.")
                : string.Create(CultureInfo.InvariantCulture, $"This endpoint accepts a body of at most {limit:N0} bytes; the request's body (sent without a length) went past it."));

    public Task InvokeAsync(HttpContext context)
    {
        var limit = Limit(context);
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit, context.Request.ContentLength).ExecuteAsync(context);
        }

        // A JSON body of an ordinary endpoint is kept (in memory up to the threshold) so that a wrong JSON type can be
        // reported with the type that was sent; file endpoints with larger limits stream theirs.
        if (limit <= DefaultJsonLimit && context.Request.HasJsonContentType())
        {
            context.Request.EnableBuffering(bufferThreshold: 64 * 1024);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
