using System.Text.Json.Serialization;

namespace MessagingConnectors.Json;

public static class JsonContexts
{
    /// <summary>
    /// Puts a slice's source-generated context ahead of the framework's reflection fallback, so its
    /// types are written with the context's options (string enums, null handling), never by reflection.
    /// </summary>
    public static IServiceCollection AddJsonContext(this IServiceCollection services, JsonSerializerContext context) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, context));

    /// <summary>
    /// Answers are application/json, never embedded in HTML, so phone numbers keep their "+" and
    /// Czech and Polish names stay readable instead of \u escapes.
    /// </summary>
    public static IServiceCollection UseReadableJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}
