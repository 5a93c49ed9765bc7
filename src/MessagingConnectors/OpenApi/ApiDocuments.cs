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
        var swagger = new Lazy<byte[]>(() => Read(SwaggerFile));
        var openApiV3 = new Lazy<byte[]>(() => Read(OpenApiV3File));
        var documents = app.MapGroup(BasePath).ExcludeFromDescription().AnonymousAtHost();
        documents.MapGet("/swagger.json", (HttpContext context) => TypedResults.Bytes(AddressedV2(swagger.Value, context), "application/json"))
            .WithName("GetSwaggerDocument");
        documents.MapGet("/openapi/v2.json", (HttpContext context) => TypedResults.Bytes(AddressedV2(swagger.Value, context), "application/json"))
            .WithName("GetOpenApiV2Document");
        documents.MapGet("/openapi/v3.json", (HttpContext context) => TypedResults.Bytes(AddressedV3(openApiV3.Value, context), "application/json"))
            .WithName("GetOpenApiV3Document");

        // Built on first use: the UI middleware loads its embedded assets when created, which no cold start needs.
        var ui = new Lazy<RequestDelegate>(() => app.CreateApplicationBuilder().UseSwaggerUI(options =>
        {
            options.RoutePrefix = UiPath.TrimStart('/');
            options.SwaggerEndpoint($"{BasePath}/swagger.json", "Messaging Connectors (Swagger 2.0)");
            options.DocumentTitle = "Messaging Connectors";
            options.EnableTryItOutByDefault();
        }).Build());
        documents.MapGet("/swagger/ui/{**asset}", context => ui.Value(context)).WithName("GetSwaggerUi");
        return app;
    }

    /// <summary>
    /// The Swagger 2.0 document with the <c>host</c> and <c>schemes</c> of the address it was fetched from (the public
    /// address under the Functions host, see <see cref="Webhooks.WebhookOptions.PublicBase"/>), so a connector imported
    /// from its URL or a generated client calls this app. The export writes the document without them: it is served
    /// from many addresses.
    /// </summary>
    internal static byte[] AddressedV2(byte[] document, HttpContext context)
    {
        var address = PublicAddress(context);
        var insertion = $"\"host\": {Quoted(address.Authority)},\n  \"schemes\": [\n    {Quoted(address.Scheme)}\n  ],\n  ";
        return Splice(document, "\"basePath\": "u8, insertion, replaceAnchor: false);
    }

    /// <summary>The OpenAPI 3 document with its server at the address it was fetched from.</summary>
    internal static byte[] AddressedV3(byte[] document, HttpContext context) =>
        Splice(document, "\"url\": \"/api\""u8, $"\"url\": {Quoted(PublicAddress(context).GetLeftPart(UriPartial.Authority) + BasePath)}",
            replaceAnchor: true);

    private static Uri PublicAddress(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Webhooks.WebhookOptions>>().Value.PublicBase(context));

    private static string Quoted(string value) => "\"" + System.Text.Json.JsonEncodedText.Encode(value) + "\"";

    private static byte[] Splice(byte[] document, ReadOnlySpan<byte> anchor, string insertion, bool replaceAnchor)
    {
        var at = document.AsSpan().IndexOf(anchor);
        if (at < 0)
        {
            return document;
        }

        var inserted = System.Text.Encoding.UTF8.GetBytes(insertion);
        var rest = replaceAnchor ? at + anchor.Length : at;
        return [.. document.AsSpan(0, at), .. inserted, .. document.AsSpan(rest)];
    }

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
