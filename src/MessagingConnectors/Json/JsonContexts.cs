using System.Text.Json.Serialization;

namespace MessagingConnectors.Json;

public static class JsonContexts
{
    /// <summary>
    /// Adds a slice's source-generated context to the app's JSON metadata, so its types are written with the
    /// context's options (string enums, null handling), never by reflection.
    /// </summary>
    public static IServiceCollection AddJsonContext(this IServiceCollection services, JsonSerializerContext context) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, context));

    /// <summary>
    /// Answers are application/json, never embedded in HTML, so phone numbers keep their "+" and
    /// Czech and Polish names stay readable instead of \u escapes.
    /// </summary>
    public static IServiceCollection UseReadableJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    /// <summary>
    /// Takes the framework's reflection fallback out of the app's JSON metadata: every request and response type is
    /// written with its source-generated metadata (no reflection at a cold start), and a type that no context covers
    /// fails every build's tests instead of silently falling back.
    /// </summary>
    public static IServiceCollection WithoutReflectionFallback(this IServiceCollection services) =>
        services.PostConfigure<Microsoft.AspNetCore.Http.Json.JsonOptions>(json =>
        {
            var chain = json.SerializerOptions.TypeInfoResolverChain;
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                if (chain[i] is System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver)
                {
                    chain.RemoveAt(i);
                }
            }
        });
}
