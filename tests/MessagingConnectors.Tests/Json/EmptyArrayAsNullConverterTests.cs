using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using MessagingConnectors.Json;

namespace MessagingConnectors.Tests.Json;

/// <summary>
/// A member a PHP provider may send as <c>[]</c> reads as null, and a null one is left out of the app's answers: the
/// documents have it as an object, not as null. Answers are written with the HTTP JSON options, which write nulls
/// (every other member is nullable in the documents), so each such member says so on its own.
/// </summary>
public sealed class EmptyArrayAsNullConverterTests
{
    /// <summary>As the app writes answers: a context's metadata under the HTTP options, whose nulls are written.</summary>
    private static JsonSerializerOptions AnswerOptions(JsonSerializerContext context) => new() { TypeInfoResolver = context };

    public static TheoryData<string> MembersReadWithTheConverter() => new(MemberNames());

    private static IEnumerable<string> MemberNames() =>
        typeof(EmptyArrayAsNullConverter<>).Assembly.GetTypes()
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(property => property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType is { IsGenericType: true } converter
                               && converter.GetGenericTypeDefinition() == typeof(EmptyArrayAsNullConverter<>))
            .Select(property => $"{property.DeclaringType!.FullName}.{property.Name}");

    [Theory]
    [MemberData(nameof(MembersReadWithTheConverter))]
    public void A_member_read_as_null_from_an_empty_array_is_left_out_when_null(string member)
    {
        var typeName = member[..member.LastIndexOf('.')];
        var property = typeof(EmptyArrayAsNullConverter<>).Assembly.GetType(typeName)!.GetProperty(member[(member.LastIndexOf('.') + 1)..])!;

        Assert.Equal(JsonIgnoreCondition.WhenWritingNull, property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition);
    }

    [Fact]
    public void The_members_are_found() => Assert.Contains("MessagingConnectors.ClickSend.SendData.Currency", MemberNames());

    [Fact]
    public void A_send_answer_without_a_currency_is_written_without_one()
    {
        var data = JsonSerializer.Deserialize("""{"total_count":1,"_currency":[]}""", ClickSendJson.Default.SendData)!;

        Assert.Null(data.Currency);
        Assert.DoesNotContain("_currency", JsonSerializer.Serialize(data, AnswerOptions(ClickSendJson.Default)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_answer_without_a_lead_is_written_without_one()
    {
        var answer = JsonSerializer.Deserialize("""{"result":"ok","lead":[]}""", ClipsanJsonContext.Default.ClipsanLeadResponse)!;

        Assert.Null(answer.Lead);
        Assert.DoesNotContain("lead", JsonSerializer.Serialize(answer, AnswerOptions(ClipsanJsonContext.Default)), StringComparison.Ordinal);
    }
}
