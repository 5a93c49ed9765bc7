using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Generated;

/// <summary>
/// NSwag 14.8's System.Text.Json client names enum values with <c>[EnumMember]</c>, which System.Text.Json ignores
/// (RicoSuter/NSwag#5088, #4696): ClickSend's voice <c>en-au</c> goes out as <c>EnAu</c> (a 400) and an answer's
/// <c>GSM-7</c> cannot be read. The document cannot avoid it without dropping the values it accepts, so the driver uses the
/// generated client's own hook, as the README says, to read and write every enum by its <c>EnumMember</c> value.
/// </summary>
public partial class MessagingClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.TypeInfoResolver = (settings.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(UseEnumMemberValues);

    private static void UseEnumMemberValues(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            var nullable = Nullable.GetUnderlyingType(property.PropertyType);
            var enumType = nullable ?? property.PropertyType;
            // Integer enums (a letter's colour: 0 or 1) carry no EnumMember and are written as numbers already.
            if (enumType.IsEnum && enumType.GetFields().Any(f => f.IsDefined(typeof(EnumMemberAttribute))))
            {
                var converter = (nullable is null ? typeof(EnumMemberConverter<>) : typeof(NullableEnumMemberConverter<>)).MakeGenericType(enumType);
                property.CustomConverter = (JsonConverter)Activator.CreateInstance(converter)!;
            }
        }
    }
}

internal sealed class EnumMemberConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Values = Enum.GetValues<T>().ToDictionary(v => v,
        v => typeof(T).GetField(v.ToString())!.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? v.ToString());

    public override T Read(ref Utf8JsonReader reader, System.Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        foreach (var (value, name) in Values)
        {
            if (name == text)
            {
                return value;
            }
        }

        throw new JsonException($"{text} is not a value of {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Values[value]);
}

internal sealed class NullableEnumMemberConverter<T> : JsonConverter<T?>
    where T : struct, Enum
{
    private readonly EnumMemberConverter<T> _values = new();

    public override T? Read(ref Utf8JsonReader reader, System.Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : _values.Read(ref reader, typeof(T), options);

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is { } present)
        {
            _values.Write(writer, present, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
