using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.Json;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// Reads one id or an array of ids, as numbers or numeric strings (Power Automate pickers send
/// strings); writes an array. SerwerSMS itself takes a number or an array for <c>group_id</c>.
/// </summary>
public sealed class IdListConverter : JsonConverter<List<long>?>, IReadsOneOrMany
{
    public override List<long>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var ids = new List<long>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ids.Add(ReadOne(ref reader));
            }

            return ids;
        }

        return [ReadOne(ref reader)];
    }

    private static long ReadOne(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out var n) => n,
        JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => throw new JsonException("The JSON value could not be converted to a group id."),
    };

    public override void Write(Utf8JsonWriter writer, List<long>? value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value ?? [])
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads one string or an array of strings; writes an array.</summary>
public sealed class StringListConverter : JsonConverter<List<string>?>, IReadsOneOrMany
{
    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("The JSON value could not be converted to a list of phone numbers.");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new JsonException("The JSON value could not be converted to a phone number."));
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, List<string>? value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value ?? [])
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
