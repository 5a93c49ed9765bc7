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
    /// Takes the framework's reflection fallback out of the app's JSON metadata. The published app is Native AOT,
    /// which has no reflection-based serialization: without the fallback every build, tests included, fails the same
    /// way on a type that no context covers, instead of only the published one.
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
