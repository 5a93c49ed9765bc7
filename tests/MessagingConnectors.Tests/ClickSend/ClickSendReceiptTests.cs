using MessagingConnectors.ClickSend;
using MessagingConnectors.Delivery;

namespace MessagingConnectors.Tests.ClickSend;

/// <summary>A pushed receipt read from its fields, and when two pushes are one receipt.</summary>
public sealed class ClickSendReceiptTests
{
    private static ClickSendReceipt Receipt(params (string Name, string? Value)[] fields)
    {
        var map = fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.OrdinalIgnoreCase);
        return ClickSendReceipt.FromFields(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void A_pushed_receipt_reads_into_the_shared_status_with_iso_times_and_the_providers_own_fields()
    {
        var status = SmsDeliveryStatus.FromReceipt(Receipt(("message_id", "D6D16B28-46AC-484A-AB0A-A08CD08EF75C"), ("status_code", "301"),
            ("status_text", "Failed: Unknown subscriber"), ("error_code", "8"), ("error_text", "Unknown subscriber"), ("timestamp_send", "1722565661"),
            ("timestamp", "1722565700"), ("custom_string", "order-1042"), ("subaccount_id", "123456")));

        Assert.Equal(DeliveryState.Failed, status.Status);
        Assert.True(status.Final);
        Assert.Equal("Failed: Unknown subscriber", status.StatusReason);
        Assert.Equal("301", status.ProviderStatusCode);
        Assert.Equal("8", status.ErrorCode);
        Assert.Equal("Unknown subscriber", status.ErrorText);
        Assert.Equal(new DateTimeOffset(2024, 8, 2, 2, 27, 41, TimeSpan.Zero), status.SentAt);
        Assert.Equal(TimeSpan.Zero, status.StatusAt!.Value.Offset);
        Assert.Equal("order-1042", status.CustomString);
        Assert.Equal(123456, status.SubaccountId);
    }

    [Fact]
    public void Error_code_0_of_a_success_is_no_error()
    {
        var status = SmsDeliveryStatus.FromReceipt(Receipt(("message_id", "M"), ("status_code", "201"), ("error_code", "0"), ("error_text", "error_text")));
        Assert.Equal(DeliveryState.Delivered, status.Status);
        Assert.Null(status.ErrorCode);
        Assert.Null(status.ErrorText);
    }

    [Fact]
    public void The_same_receipt_pushed_again_has_the_same_key_whatever_space_a_form_field_had()
    {
        var asString = Receipt(("message_id", "M-1"), ("status_code", "201"), ("timestamp", "1722565661"));
        var padded = Receipt(("message_id", "M-1"), ("status_code", " 201 "), ("timestamp", "1722565661"));
        Assert.Equal(ClickSendReceiptTriggerApi.ReceiptKey(asString), ClickSendReceiptTriggerApi.ReceiptKey(padded));
    }

    [Fact]
    public void Another_status_or_another_report_time_of_one_message_is_another_receipt()
    {
        var temporary = Receipt(("message_id", "M-1"), ("status_code", "300"), ("timestamp", "1722565661"));
        var delivered = Receipt(("message_id", "M-1"), ("status_code", "201"), ("timestamp", "1722565661"));
        var temporaryLater = Receipt(("message_id", "M-1"), ("status_code", "300"), ("timestamp", "1722565999"));
        var other = Receipt(("message_id", "M-2"), ("status_code", "300"), ("timestamp", "1722565661"));
        var keys = new[] { temporary, delivered, temporaryLater, other }.Select(ClickSendReceiptTriggerApi.ReceiptKey).ToList();
        Assert.Equal(4, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.Matches("^r-[0-9a-f]{64}$", key));
    }

    [Theory]
    [InlineData("final", "201", null, true)]
    [InlineData("final", "300", null, false)]
    [InlineData("final", "200", null, false)]
    [InlineData("failed", "301", null, true)]
    [InlineData("failed", "201", null, false)]
    [InlineData("all", "300", null, true)]
    [InlineData("final", "201", "order-1", true)]
    [InlineData("final", "201", "order-2", false)]
    public void A_flow_gets_the_receipts_its_filter_asks_for(string statuses, string code, string? customString, bool wanted)
    {
        var receipt = SmsDeliveryStatus.FromReceipt(Receipt(("message_id", "M"), ("status_code", code), ("custom_string", "order-1")));
        Assert.Equal(wanted, new ReceiptFilter(statuses, customString).Wants(receipt));
    }
}
