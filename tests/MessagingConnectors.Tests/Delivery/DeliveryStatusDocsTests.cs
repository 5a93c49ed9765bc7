using MessagingConnectors.Delivery;

namespace MessagingConnectors.Tests.Delivery;

/// <summary>
/// docs/conventions.md's delivery status table and <see cref="DeliveryStatusMapping"/> say the same, both ways: every
/// documented row is a row of the mapping and reads as documented, and every row of the mapping is documented.
/// </summary>
public sealed class DeliveryStatusDocsTests
{
    private sealed record Row(string Provider, string Field, string Value, string Status, bool Final, string Reason);

    private static readonly string Conventions = File.ReadAllText(Path.Combine(Root(), "docs", "conventions.md"));

    private static List<string[]> TableRows(int columns) =>
        Conventions[Conventions.IndexOf("## Delivery status", StringComparison.Ordinal)..].Split('\n')
            .Where(line => line.StartsWith("| ClickSend |", StringComparison.Ordinal) || line.StartsWith("| SerwerSMS |", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length == columns)
            .ToList();

    private static List<Row> StatusRows() => TableRows(7)
        .Select(c => new Row(c[0], c[1], c[2].Trim('`'), c[3], c[4] switch { "yes" => true, "no" => false, _ => throw new FormatException(c[4]) }, c[5]))
        .ToList();

    private static Dictionary<string, string> ReasonRows() => TableRows(4).ToDictionary(c => c[2].Trim('`'), c => c[3], StringComparer.Ordinal);

    private static string Word(DeliveryState state) => state.ToString().ToLowerInvariant();

    private static IReadOnlyDictionary<string, DeliveryReading> Mapped(string provider, string field) => (provider, field) switch
    {
        ("ClickSend", "`status_code`") => DeliveryStatusMapping.ClickSendStatusCodes.ToDictionary(
            p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
        ("ClickSend", "history `status`") => DeliveryStatusMapping.ClickSendHistoryWords,
        ("SerwerSMS", "`status`") => DeliveryStatusMapping.SerwerSmsStatuses,
        _ => throw new InvalidOperationException($"the table names a field the mapping does not have: {provider} {field}"),
    };

    /// <summary>What the mapping's reader makes of the row's value alone, without the provider's own text.</summary>
    private static DeliveryReading Read(Row row) => (row.Provider, row.Field) switch
    {
        ("ClickSend", "`status_code`") => DeliveryStatusMapping.FromClickSend(row.Value, null, null),
        ("ClickSend", _) => DeliveryStatusMapping.FromClickSend(null, row.Value, null),
        _ => DeliveryStatusMapping.FromSerwerSms(row.Value, null),
    };

    [Fact]
    public void Every_documented_status_row_reads_as_documented()
    {
        var rows = StatusRows();
        Assert.Equal(4 + 8 + 6, rows.Count);
        foreach (var row in rows)
        {
            Assert.True(Mapped(row.Provider, row.Field).TryGetValue(row.Value, out var mapped), $"{row.Provider} {row.Field} {row.Value} is documented but not mapped");
            Assert.Equal((row.Status, row.Final, row.Reason), (Word(mapped.State), mapped.Final, mapped.Reason));
            var read = Read(row);
            Assert.Equal((row.Status, row.Final, row.Reason), (Word(read.State), read.Final, read.Reason));
        }
    }

    [Fact]
    public void Every_mapped_status_is_documented()
    {
        var rows = StatusRows();
        foreach (var (provider, field) in new[] { ("ClickSend", "`status_code`"), ("ClickSend", "history `status`"), ("SerwerSMS", "`status`") })
        {
            var documented = rows.Where(r => r.Provider == provider && r.Field == field).Select(r => r.Value).Order(StringComparer.Ordinal);
            Assert.Equal(Mapped(provider, field).Keys.Order(StringComparer.Ordinal), documented);
        }
    }

    [Fact]
    public void SerwerSms_reasons_are_documented_both_ways()
    {
        var documented = ReasonRows();
        Assert.Equal(DeliveryStatusMapping.SerwerSmsReasons.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (reason, english) in documented)
        {
            Assert.Equal(english, DeliveryStatusMapping.SerwerSmsReasons[reason]);
            Assert.Equal(english, DeliveryStatusMapping.FromSerwerSms("undelivered", reason).Reason);
        }
    }

    [Theory]
    [InlineData("201", "201")]
    [InlineData("301", "301")]
    public void ClickSend_codes_read_the_same_as_string_or_integer_text(string asString, string asIntegerText)
    {
        // A JSON integer reaches the mapping as its text; a space around a form field does not change the code.
        Assert.Equal(DeliveryStatusMapping.FromClickSend(asString, null, null), DeliveryStatusMapping.FromClickSend(asIntegerText, null, null));
        Assert.Equal(DeliveryStatusMapping.FromClickSend(asString, null, null), DeliveryStatusMapping.FromClickSend(" " + asString, null, null));
    }

    [Theory]
    [InlineData("200", "Scheduled", DeliveryState.Scheduled)]
    [InlineData("200", "Queued", DeliveryState.Queued)]
    [InlineData("301", "Cancelled", DeliveryState.Cancelled)]
    [InlineData("301", "Failed", DeliveryState.Failed)]
    [InlineData("201", "Sent", DeliveryState.Delivered)]
    [InlineData("201", "Cancelled", DeliveryState.Delivered)]
    [InlineData("999", null, DeliveryState.Sent)]
    public void The_history_word_refines_only_codes_200_and_301(string code, string? word, DeliveryState expected) =>
        Assert.Equal(expected, DeliveryStatusMapping.FromClickSend(code, word, null).State);

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
