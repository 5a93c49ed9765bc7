using MessagingConnectors.ClickSend;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Tests.ClickSend;

public class SendSmsRequestValidationTests
{
    private static SmsMessage Valid() => new() { To = "+61412345678", Body = "Hello" };

    private static IDictionary<string, string[]> Validate(SendSmsRequest request)
    {
        var errors = new ValidationErrors();
        DeclaredRules.Check(request, errors);
        // As the validation filter does: what passes is normalised before it is sent.
        if (errors.IsEmpty)
        {
            DeclaredRules.Normalize(request);
        }

        return errors.ToDictionary();
    }

    private static IDictionary<string, string[]> Validate(SmsMessage message) => Validate(new SendSmsRequest { Messages = [message] });

    private static void AssertOnlyError(IDictionary<string, string[]> errors, string field)
    {
        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field]);
    }

    [Fact]
    public void ValidMessage_HasNoErrors_AndNormalisesTo()
    {
        var message = new SmsMessage { To = "0412 345 678", Country = "AU", Body = "Hello" };
        Assert.Empty(Validate(message));
        Assert.Equal("+61412345678", message.NormalizedTo);
    }

    [Fact]
    public void ValidMessage_RecordsItsSegmentation()
    {
        var message = new SmsMessage { To = "+61412345678", Body = new string('a', 161) };
        Assert.Empty(Validate(message));
        Assert.Equal(2, message.Segmentation.Parts);
    }

    [Fact]
    public void ReadsTheSame_BeforeAndAfterItsPropertyReadersAreCompiled()
    {
        // The readers start with reflection and compile after their first few dozen reads: 200 rounds cross that line.
        for (var round = 0; round < 200; round++)
        {
            var valid = new SmsMessage { To = "0412 345 678", Country = "AU", Body = "Hello", CustomString = "  " };
            Assert.Empty(Validate(valid));
            Assert.Equal("+61412345678", valid.NormalizedTo);
            Assert.Null(valid.CustomString);
            AssertOnlyError(Validate(new SmsMessage { To = "not a number", Body = "Hello" }), "messages[0].to");
        }
    }

    [Fact]
    public void MessagesMissing_IsAnErrorOnMessages() =>
        AssertOnlyError(Validate(new SendSmsRequest { Messages = null }), "messages");

    [Fact]
    public void MessagesEmpty_IsAnErrorOnMessages() =>
        AssertOnlyError(Validate(new SendSmsRequest { Messages = [] }), "messages");

    [Fact]
    public void TooManyMessages_IsAnErrorOnMessages()
    {
        var request = new SendSmsRequest { Messages = Enumerable.Range(0, 1001).Select(_ => Valid()).ToList() };
        AssertOnlyError(Validate(request), "messages");
    }

    [Fact]
    public void ThousandMessages_AreAllowed()
    {
        var request = new SendSmsRequest { Messages = Enumerable.Range(0, 1000).Select(_ => Valid()).ToList() };
        Assert.Empty(Validate(request));
    }

    [Fact]
    public void NullMessage_IsAnErrorOnItsIndex()
    {
        var request = new SendSmsRequest { Messages = [Valid(), null!] };
        AssertOnlyError(Validate(request), "messages[1]");
    }

    [Theory]
    [InlineData("not a number")]
    [InlineData("0412345678")] // local, no country
    [InlineData("+999123")]
    public void BadTo_IsAnErrorOnTo(string to)
    {
        var message = Valid();
        message.To = to;
        AssertOnlyError(Validate(message), "messages[0].to");
        Assert.Null(message.NormalizedTo);
    }

    [Fact]
    public void MissingTo_IsAnErrorOnTo()
    {
        var message = Valid();
        message.To = null;
        AssertOnlyError(Validate(message), "messages[0].to");
    }

    [Fact]
    public void ErrorIsNamedByTheMessagesOwnIndex()
    {
        var bad = Valid();
        bad.To = "nope";
        AssertOnlyError(Validate(new SendSmsRequest { Messages = [Valid(), Valid(), bad] }), "messages[2].to");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyBody_IsAnErrorOnBody(string? body)
    {
        var message = Valid();
        message.Body = body;
        AssertOnlyError(Validate(message), "messages[0].body");
    }

    [Fact]
    public void Body_Of1224GsmCharacters_IsAllowed()
    {
        var message = Valid();
        message.Body = new string('a', 1224);
        Assert.Empty(Validate(message));
    }

    [Fact]
    public void Body_Of1225GsmCharacters_IsAnErrorOnBody()
    {
        var message = Valid();
        message.Body = new string('a', 1225);
        AssertOnlyError(Validate(message), "messages[0].body");
    }

    [Fact]
    public void Body_Of537UnicodeCharacters_IsAnErrorOnBody()
    {
        var message = Valid();
        message.Body = new string('Ж', 536);
        Assert.Empty(Validate(message));
        message.Body = new string('Ж', 537);
        AssertOnlyError(Validate(message), "messages[0].body");
    }

    [Fact]
    public void CustomString_Of256Characters_IsAnError()
    {
        var message = Valid();
        message.CustomString = new string('x', 255);
        Assert.Empty(Validate(message));
        message.CustomString = new string('x', 256);
        AssertOnlyError(Validate(message), "messages[0].custom_string");
    }

    [Fact]
    public void CustomString_WithControlCharacter_IsAnError()
    {
        var message = Valid();
        message.CustomString = "ref\n42";
        AssertOnlyError(Validate(message), "messages[0].custom_string");
    }

    [Theory]
    [InlineData("ACME")]
    [InlineData("ACME Store1")] // 11 letters, digits and spaces
    [InlineData("Abcdefghijk")]
    [InlineData("+61412345678")]
    [InlineData("61412345678")] // a dedicated number without +
    public void From_ValidSenders_AreAllowed(string from)
    {
        var message = Valid();
        message.From = from;
        Assert.Empty(Validate(message));
    }

    [Theory]
    [InlineData("Abcdefghijkl")] // 12 characters
    [InlineData("ACME-Store")]
    [InlineData("+0000")]
    [InlineData("12345678901234567")] // 17 digits
    public void From_InvalidSenders_AreAnError(string from)
    {
        var message = Valid();
        message.From = from;
        AssertOnlyError(Validate(message), "messages[0].from");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void From_SentBlank_IsReadAsLeftOut_AndNotSent(string from)
    {
        // Power Automate sends a field the user emptied as "": the sender is ClickSend's default, as when left out.
        var request = new SendSmsRequest { Messages = [new SmsMessage { To = "+61412345678", Body = "Hello", From = from }] };
        Assert.Empty(Validate(request));
        DeclaredRules.Normalize(request);
        Assert.Null(request.Messages[0].From);
    }

    [Fact]
    public void ListId_WithTo_IsAnErrorOnTheSecondOfTheExclusiveFields()
    {
        // As on every provider (SerwerSMS phone and group_id, Clipsan id, email and pin): the field given too many is named.
        var message = Valid();
        message.ListId = 42;
        AssertOnlyError(Validate(message), "messages[0].list_id");
    }

    [Fact]
    public void ListId_WithoutTo_IsAllowed()
    {
        var message = new SmsMessage { ListId = 42, Body = "Hello" };
        Assert.Empty(Validate(message));
        Assert.Null(message.NormalizedTo);
    }

    [Fact]
    public void ListId_Zero_IsAnError()
    {
        var message = new SmsMessage { ListId = 0, Body = "Hello" };
        AssertOnlyError(Validate(message), "messages[0].list_id");
    }

    [Fact]
    public void UnknownCountry_IsAnErrorOnCountry()
    {
        var message = Valid();
        message.Country = "ZZ";
        AssertOnlyError(Validate(message), "messages[0].country");
    }

    [Fact]
    public void NegativeSchedule_IsAnError()
    {
        var message = Valid();
        message.Schedule = -1;
        AssertOnlyError(Validate(message), "messages[0].schedule");
    }

    [Fact]
    public void Schedule_ZeroAndFuture_AreAllowed()
    {
        var message = Valid();
        message.Schedule = 0;
        Assert.Empty(Validate(message));
        message.Schedule = 1_900_000_000;
        Assert.Empty(Validate(message));
    }

    [Fact]
    public void Source_Over100Characters_IsAnError()
    {
        var message = Valid();
        message.Source = new string('s', 101);
        AssertOnlyError(Validate(message), "messages[0].source");
    }
}
