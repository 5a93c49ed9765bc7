using MessagingConnectors.Hosting;

namespace MessagingConnectors.OpenApi;

/// <summary>
/// Serves the OpenAPI documents where Azure Functions' OpenAPI extension serves them: Swagger 2.0 at
/// <c>/api/swagger.json</c> and <c>/api/openapi/v2.json</c>, OpenAPI 3 at <c>/api/openapi/v3.json</c>, Swagger UI at
/// <c>/api/swagger/ui</c>. The documents are generated from the endpoint metadata by the export
/// (<c>src/MessagingConnectors.ApiExport</c>) and compiled in, so the app does no reflection over its types to
/// describe them; a test keeps them equal to a fresh generation.
/// </summary>
public static class ApiDocuments
{
    public const string BasePath = "/api";
    public const string UiPath = "/api/swagger/ui";

    /// <summary>The files under <c>OpenApi/Documents/</c>, written by the export and embedded under these names.</summary>
    public const string SwaggerFile = "swagger.json";
    public const string OpenApiV3File = "openapi.v3.json";

    public static IEndpointRouteBuilder MapApiDocuments(this IEndpointRouteBuilder app)
    {
        // Split once at the anchor; each answer writes the halves around the few bytes of its address, copying nothing.
        var swagger = new Lazy<AddressedDocument>(() => new AddressedDocument(Read(SwaggerFile), "\"basePath\": "u8.ToArray(), replaceAnchor: false,
            address => $"\"host\": {Quoted(address.Authority)},\n  \"schemes\": [\n    {Quoted(address.Scheme)}\n  ],\n  "));
        var openApiV3 = new Lazy<AddressedDocument>(() => new AddressedDocument(Read(OpenApiV3File), "\"url\": \"/api\""u8.ToArray(), replaceAnchor: true,
            address => $"\"url\": {Quoted(address.GetLeftPart(UriPartial.Authority) + BasePath)}"));
        var documents = app.MapGroup(BasePath).ExcludeFromDescription().AnonymousAtHost();
        documents.MapGet("/swagger.json", (HttpContext context) => swagger.Value.WriteAsync(context)).WithName("GetSwaggerDocument");
        documents.MapGet("/openapi/v2.json", (HttpContext context) => swagger.Value.WriteAsync(context)).WithName("GetOpenApiV2Document");
        documents.MapGet("/openapi/v3.json", (HttpContext context) => openApiV3.Value.WriteAsync(context)).WithName("GetOpenApiV3Document");

        // Built on first use: the UI middleware loads its embedded assets when created, which no cold start needs.
        var ui = new Lazy<RequestDelegate>(() =>
        {
            var pipeline = app.CreateApplicationBuilder();
            pipeline.UseSwaggerUI(options =>
            {
                options.RoutePrefix = UiPath.TrimStart('/');
                options.SwaggerEndpoint($"{BasePath}/swagger.json", "Messaging Connectors (Swagger 2.0)");
                options.DocumentTitle = "Messaging Connectors";
                options.EnableTryItOutByDefault();
            });
            // A path under the UI that is none of its assets: the UI middleware passes it on, and it ends as any unknown
            // path does (before, the routed endpoint reached the end of this pipeline unexecuted: a 500).
            pipeline.Run(context => Hosting.Problems.ForStatus(StatusCodes.Status404NotFound).ExecuteAsync(context));
            return pipeline.Build();
        });
        documents.MapGet("/swagger/ui/{**asset}", context => ui.Value(context)).WithName("GetSwaggerUi");
        return app;
    }

    /// <summary>
    /// An embedded document served with the address it was fetched from (the public one under the Functions host, see
    /// <see cref="Webhooks.WebhookOptions.PublicBase"/>): Swagger 2.0's <c>host</c> and <c>schemes</c>, OpenAPI 3's server,
    /// so a connector imported from its URL or a generated client calls this app. The export writes the documents without
    /// an address: they are served from many.
    /// </summary>
    private sealed class AddressedDocument(byte[] document, byte[] anchor, bool replaceAnchor, Func<Uri, string> address)
    {
        private readonly int _at = document.AsSpan().IndexOf(anchor);

        public async Task WriteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = "application/json";
            if (_at < 0)
            {
                response.ContentLength = document.Length;
                await response.Body.WriteAsync(document, context.RequestAborted);
                return;
            }

            var inserted = System.Text.Encoding.UTF8.GetBytes(address(PublicAddress(context)));
            var rest = replaceAnchor ? _at + anchor.Length : _at;
            response.ContentLength = _at + inserted.Length + (document.Length - rest);
            await response.Body.WriteAsync(document.AsMemory(0, _at), context.RequestAborted);
            await response.Body.WriteAsync(inserted, context.RequestAborted);
            await response.Body.WriteAsync(document.AsMemory(rest), context.RequestAborted);
        }
    }

    private static Uri PublicAddress(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Webhooks.WebhookOptions>>().Value.PublicBase(context));

    private static string Quoted(string value) => "\"" + System.Text.Json.JsonEncodedText.Encode(value) + "\"";

    /// <summary>The bytes of an embedded document, as the export wrote them.</summary>
    public static byte[] Read(string file)
    {
        using var stream = typeof(ApiDocuments).Assembly.GetManifestResourceStream(ResourcePrefix + file)
                           ?? throw new InvalidOperationException($"OpenApi/Documents/{file} was not compiled in: run the export (see README).");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private const string ResourcePrefix = "MessagingConnectors.OpenApi.Documents.";
}
