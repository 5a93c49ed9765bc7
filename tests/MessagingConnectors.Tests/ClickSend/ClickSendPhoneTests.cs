using MessagingConnectors.ClickSend;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Tests.ClickSend;

public class ClickSendPhoneTests
{
    [Theory]
    [InlineData("+61411111111")]
    [InlineData("+14055555555")]
    [InlineData("+447777777777")]
    [InlineData("+61261111111")]
    public void ClickSend_test_numbers_are_accepted_as_they_are(string number)
    {
        Assert.Equal(number, ClickSendPhone.ToE164(number, null, out var problem));
        Assert.Null(problem);
        Assert.Equal(number, ClickSendPhone.ToStrictE164(" " + number, out problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Other_numbers_follow_the_shared_rules()
    {
        Assert.Equal("+61412345678", ClickSendPhone.ToE164("0412 345 678", "AU", out var problem));
        Assert.Null(problem);
        Assert.Null(ClickSendPhone.ToStrictE164("0412345678", out problem));
        Assert.NotNull(problem);
    }
}
