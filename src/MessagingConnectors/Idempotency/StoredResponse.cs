using System.IO.Compression;

namespace MessagingConnectors.Idempotency;

/// <summary>A complete HTTP answer kept for replay: status, content type, Retry-After and body bytes.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? RetryAfter, byte[] Body) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Status;
        if (ContentType is not null)
        {
            httpContext.Response.ContentType = ContentType;
        }

        if (RetryAfter is not null)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfter;
        }

        httpContext.Response.ContentLength = Body.Length;
        await httpContext.Response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }

    /// <summary>Runs <paramref name="result"/> against a detached response to capture exactly what it would write.</summary>
    public static async Task<StoredResponse> CaptureAsync(IResult result, HttpContext context)
    {
        var capture = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = context.RequestServices };
        using var body = new MemoryStream();
        capture.Response.Body = body;
        await result.ExecuteAsync(capture);
        var retryAfter = capture.Response.Headers.RetryAfter.ToString();
        return new StoredResponse(capture.Response.StatusCode, capture.Response.ContentType,
            retryAfter.Length == 0 ? null : retryAfter, body.ToArray());
    }

    internal static byte[] Compress(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    internal static byte[] Decompress(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
