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

public class ClickSendPhoneCountryTests
{
    /// <summary>The recipient rule sits on a base class and names a Country that faxes do not have: read as none, not a failure.</summary>
    [Fact]
    public void A_local_fax_number_without_a_country_field_is_refused_as_a_number_not_a_crash()
    {
        var errors = new ValidationErrors();
        DeclaredRules.Check(new FaxMessage { To = "0261111111" }, errors);

        Assert.Equal(["to"], errors.ToDictionary().Keys);
    }
}
