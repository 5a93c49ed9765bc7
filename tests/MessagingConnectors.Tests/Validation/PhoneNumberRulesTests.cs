using MessagingConnectors.Validation;

namespace MessagingConnectors.Tests.Validation;

public class PhoneNumberRulesTests
{
    [Theory]
    [InlineData("+61412345678", "+61412345678")]
    [InlineData("  +61412345678 ", "+61412345678")]
    [InlineData("+61 412 345 678", "+61412345678")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+1 (212) 555-0123", "+12125550123")]
    [InlineData("+48 601 234 567", "+48601234567")]
    public void E164_IsAcceptedAndNormalised(string raw, string expected)
    {
        Assert.Equal(expected, PhoneNumberRules.ToE164(raw, null, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void E164_IgnoresTheCountry()
    {
        Assert.Equal("+442079460958", PhoneNumberRules.ToE164("+44 20 7946 0958", "AU", out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("0412 345 678", "AU")]
    [InlineData("0412345678", "au")]
    [InlineData("0412345678", " Au ")]
    public void LocalNumber_WithCountry_BecomesE164(string raw, string country)
    {
        Assert.Equal("+61412345678", PhoneNumberRules.ToE164(raw, country, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void LocalNumber_WithoutCountry_IsAProblem(string? country)
    {
        Assert.Null(PhoneNumberRules.ToE164("0412345678", country, out var problem));
        Assert.NotNull(problem);
        Assert.Contains("E.164", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("+")]
    [InlineData("+61")]
    [InlineData("+6141234567890123")]
    [InlineData("+999123456789")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+614123456789012345678901234567890123")]
    public void Garbage_IsAProblem(string raw)
    {
        Assert.Null(PhoneNumberRules.ToE164(raw, null, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void LocalNumber_ThatIsNotValidInItsCountry_IsAProblem()
    {
        Assert.Null(PhoneNumberRules.ToE164("12", "AU", out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Strict_AcceptsE164()
    {
        Assert.Equal("+61412345678", PhoneNumberRules.ToStrictE164("+61 412 345 678", out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("0412345678")]
    [InlineData("61412345678")]
    [InlineData("ACME")]
    public void Strict_RejectsLocalNumbers(string raw)
    {
        Assert.Null(PhoneNumberRules.ToStrictE164(raw, out var problem));
        Assert.NotNull(problem);
        Assert.Contains("E.164", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AU", true)]
    [InlineData("au", true)]
    [InlineData(" gb ", true)]
    [InlineData("ZZ", false)]
    [InlineData("", false)]
    [InlineData("AUS", false)]
    public void IsKnownRegion(string country, bool known) =>
        Assert.Equal(known, PhoneNumberRules.IsKnownRegion(country));
}
