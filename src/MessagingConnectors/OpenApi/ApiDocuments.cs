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
        documents.MapGet("/swagger.json", () => TypedResults.Bytes(swagger.Value, "application/json")).WithName("GetSwaggerDocument");
        documents.MapGet("/openapi/v2.json", () => TypedResults.Bytes(swagger.Value, "application/json")).WithName("GetOpenApiV2Document");
        documents.MapGet("/openapi/v3.json", () => TypedResults.Bytes(openApiV3.Value, "application/json")).WithName("GetOpenApiV3Document");

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
