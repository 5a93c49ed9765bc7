using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MessagingConnectors.Sms;

namespace MessagingConnectors.Tests.Sms;

public class SmsSegmentsTests
{
    /// <summary>The GSM 03.38 basic table, 0x00 to 0x7F in order, without 0x1B (the escape to the extension table).</summary>
    internal const string GsmBasic =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    /// <summary>The GSM 03.38 extension table characters, each sent as ESC + char (two septets).</summary>
    public static TheoryData<char> ExtensionChars => new() { '€', '^', '{', '}', '[', ']', '~', '|', '\\', '\f' };

    private const string Emoji = "\U0001F600"; // 😀, one surrogate pair

    [Fact]
    public void BasicTable_HasAllCharactersOfGsm0338()
    {
        Assert.Equal(127, GsmBasic.Length);
        Assert.Equal(127, GsmBasic.Distinct().Count());
        var result = SmsSegments.Count(GsmBasic);
        Assert.Equal(SmsEncoding.Gsm7, result.Encoding);
        Assert.Equal(127, result.Units);
    }

    [Fact]
    public void EmptyBody_IsGsm7WithNoParts()
    {
        var result = SmsSegments.Count("");
        Assert.Equal(new SmsSegmentation(SmsEncoding.Gsm7, 0, 0), result);
    }

    [Theory]
    [InlineData("Hello, world!")]
    [InlineData("Straße über Å@£$¥ {curly} [square] ~|^\\€")]
    [InlineData("Line one\nline two\r\n")]
    public void GsmText_IsGsm7(string body)
    {
        Assert.True(SmsSegments.IsGsm7(body));
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(body).Encoding);
    }

    [Theory]
    [InlineData("Привет")]
    [InlineData("Tab\there")] // tab is not in GSM 03.38
    [InlineData("Curly ‘quotes’")]
    [InlineData("ç lower-case c cedilla")] // only upper-case Ç is in the basic table
    [InlineData("smile " + Emoji)]
    [InlineData("`backtick")]
    public void NonGsmText_IsUcs2(string body)
    {
        Assert.False(SmsSegments.IsGsm7(body));
        var result = SmsSegments.Count(body);
        Assert.Equal(SmsEncoding.Ucs2, result.Encoding);
        Assert.Equal(body.Length, result.Units);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    [InlineData(1224, 8)]
    [InlineData(1225, 9)]
    public void Gsm7_SingleUpTo160_Then153PerPart(int length, int parts)
    {
        var result = SmsSegments.Count(new string('a', length));
        Assert.Equal(SmsEncoding.Gsm7, result.Encoding);
        Assert.Equal(length, result.Units);
        Assert.Equal(parts, result.Parts);
    }

    [Theory]
    [MemberData(nameof(ExtensionChars))]
    public void ExtensionChar_CountsTwoSeptets(char c)
    {
        var result = SmsSegments.Count(new string(c, 80));
        Assert.Equal(SmsEncoding.Gsm7, result.Encoding);
        Assert.Equal(160, result.Units);
        Assert.Equal(1, result.Parts);

        var over = SmsSegments.Count("a" + new string(c, 80));
        Assert.Equal(161, over.Units);
        Assert.Equal(2, over.Parts);
    }

    [Theory]
    [MemberData(nameof(ExtensionChars))]
    public void ExtensionChar_IsNeverSplitAcrossParts(char c)
    {
        // 152 + 2 + 152 = 306 septets: two parts if the pair could be split, three because it cannot.
        var body = new string('a', 152) + c + new string('a', 152);
        var result = SmsSegments.Count(body);
        Assert.Equal(306, result.Units);
        Assert.Equal(3, result.Parts);

        // Ending exactly on the boundary still fits: 151 + 2 = 153, then 153.
        var fits = new string('a', 151) + c + new string('a', 153);
        Assert.Equal(306, SmsSegments.Count(fits).Units);
        Assert.Equal(2, SmsSegments.Count(fits).Parts);
    }

    [Fact]
    public void Gsm7_OnlyExtensionChars_Take76PerPart()
    {
        // 153 septets is odd, so a part of € holds 76 of them: 608 € (1216 septets) are 8 parts, 609 € (1218) are 9.
        Assert.Equal(8, SmsSegments.Count(new string('€', 608)).Parts);
        var over = SmsSegments.Count(new string('€', 609));
        Assert.Equal(1218, over.Units);
        Assert.Equal(9, over.Parts);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(536, 8)]
    [InlineData(537, 9)]
    public void Ucs2_SingleUpTo70_Then67PerPart(int length, int parts)
    {
        var result = SmsSegments.Count(new string('Ж', length));
        Assert.Equal(SmsEncoding.Ucs2, result.Encoding);
        Assert.Equal(length, result.Units);
        Assert.Equal(parts, result.Parts);
    }

    [Fact]
    public void Ucs2_OneNonGsmCharacter_SwitchesTheWholeBody()
    {
        // 100 GSM characters would be one part; one Cyrillic letter makes it 101 UCS-2 units.
        var result = SmsSegments.Count(new string('a', 100) + "Ж");
        Assert.Equal(SmsEncoding.Ucs2, result.Encoding);
        Assert.Equal(101, result.Units);
        Assert.Equal(2, result.Parts);
    }

    [Fact]
    public void SurrogatePair_CountsTwoUnits()
    {
        var one = SmsSegments.Count(Emoji);
        Assert.Equal(new SmsSegmentation(SmsEncoding.Ucs2, 2, 1), one);

        Assert.Equal(1, SmsSegments.Count(string.Concat(Enumerable.Repeat(Emoji, 35))).Parts);
        var over = SmsSegments.Count(string.Concat(Enumerable.Repeat(Emoji, 36)));
        Assert.Equal(72, over.Units);
        Assert.Equal(2, over.Parts);
    }

    [Fact]
    public void SurrogatePair_IsNeverSplitAcrossParts()
    {
        // 66 + 2 + 66 = 134 units: two parts if the pair could be split, three because it cannot.
        var body = new string('Ж', 66) + Emoji + new string('Ж', 66);
        var result = SmsSegments.Count(body);
        Assert.Equal(134, result.Units);
        Assert.Equal(3, result.Parts);

        var fits = new string('Ж', 65) + Emoji + new string('Ж', 67);
        Assert.Equal(2, SmsSegments.Count(fits).Parts);
    }

    [Fact]
    public void MaxUnits_IsEightParts()
    {
        Assert.Equal(1224, SmsSegments.MaxUnits(SmsEncoding.Gsm7));
        Assert.Equal(536, SmsSegments.MaxUnits(SmsEncoding.Ucs2));
    }

    private static Arbitrary<string> GsmBasicStrings() =>
        Gen.Choose(0, 1600)
            .SelectMany(n => Gen.Elements(GsmBasic.ToCharArray()).ArrayOf(n))
            .Select(chars => new string(chars))
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property GsmBasicString_PartsFollowTheFormula() =>
        Prop.ForAll(GsmBasicStrings(), body =>
        {
            var n = body.Length;
            var expected = n <= 160 ? (n == 0 ? 0 : 1) : (n + 152) / 153;
            var result = SmsSegments.Count(body);
            return result.Encoding == SmsEncoding.Gsm7 && result.Units == n && result.Parts == expected;
        });
}
