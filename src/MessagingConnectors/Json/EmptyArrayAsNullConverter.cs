using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MessagingConnectors.Json;

/// <summary>
/// Reads an object member that a PHP provider may send as <c>[]</c>: PHP's json_encode writes an empty
/// associative array as an empty list, so "no object" arrives as <c>[]</c> (ClickSend documents
/// <c>"data": []</c> for every delete). An empty array reads as null; anything else reads as <typeparamref name="T"/>.
/// </summary>
public sealed class EmptyArrayAsNullConverter<T> : JsonConverter<T?> where T : class
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                if (reader.Read() && reader.TokenType == JsonTokenType.EndArray)
                {
                    return null;
                }

                throw new JsonException($"Expected an object or an empty array for {typeof(T).Name}, got a non-empty array.");
            default:
                return JsonSerializer.Deserialize(ref reader, TypeInfo(options));
        }
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, TypeInfo(options));
        }
    }

    private static JsonTypeInfo<T> TypeInfo(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
