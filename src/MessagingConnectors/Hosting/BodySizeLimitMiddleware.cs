using Microsoft.AspNetCore.Http.Features;

namespace MessagingConnectors.Hosting;

/// <summary>
/// Applies each endpoint's <see cref="BodySizeLimitMetadata"/> (or the default JSON limit) before
/// the body is read: a declared length over the limit is refused at once, a chunked body when it crosses it.
/// </summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public const long DefaultJsonLimit = 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimitMetadata>()?.MaxBytes ?? DefaultJsonLimit;
        if (context.Request.ContentLength > limit)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, Problems.Types.PayloadTooLarge,
                "The request body is too large",
                $"This endpoint accepts at most {limit} bytes; the request declares {context.Request.ContentLength}.").ExecuteAsync(context);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
