using System.Net.Sockets;
using System.Text.RegularExpressions;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Clipsan;

/// <summary>Field rules of the Clipsan lead API, named by the caller's field names.</summary>
public static partial class ClipsanRules
{
    public const int MaxText = 255;
    public const int MaxReferer = 2048;
    public const int MaxCustomValue = 1000;
    public const int MaxCustomFields = 50;

    /// <summary>Longest encoded query sent upstream: Clipsan takes everything in the URL, and servers refuse long ones.</summary>
    public const int MaxEncodedQuery = 8000;

    public static readonly string[] Genders = ["m", "f"];
    public static readonly string[] States = ["active", "inactive", "temp"];
    public static readonly string[] Lifecycles = ["subscriber", "lead", "qualified", "saleslead", "opportunity", "customer", "ambassador", "other"];

    /// <summary>Masks a birth number except its last two digits: 665317107 becomes *******07.</summary>
    public static string MaskPin(string pin) =>
        pin.Length <= 2 ? new string('*', pin.Length) : new string('*', pin.Length - 2) + pin[^2..];

    public static bool Digits(ValidationErrors errors, string field, string value)
    {
        if (value.Length is 0 or > 18 || !value.All(char.IsAsciiDigit))
        {
            errors.Add(field, "must be a whole number (digits only).");
            return false;
        }

        return true;
    }

    public static bool Email(ValidationErrors errors, string field, string value)
    {
        if (value.Length > 254 || !EmailPattern().IsMatch(value))
        {
            errors.Add(field, "must be an email address, e.g. jana@example.com.");
            return false;
        }

        return true;
    }

    /// <summary>A Czech or Slovak birth number: 9 or 10 digits, optionally with a slash after the sixth; sent without it.</summary>
    public static string? NormalizePin(ValidationErrors errors, string field, string value)
    {
        if (!PinPattern().IsMatch(value))
        {
            errors.Add(field, "must be a birth number: 9 or 10 digits, optionally with a slash after the sixth (e.g. 665317107 or 736028/5163).");
            return null;
        }

        return value.Replace("/", "", StringComparison.Ordinal);
    }

    public static void IpAddress(ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return;
        }

        // IPAddress.TryParse also takes "1" or "10.1" as IPv4; only the dotted quad and IPv6 are addresses here.
        var valid = System.Net.IPAddress.TryParse(value, out var address)
                    && (address.AddressFamily == AddressFamily.InterNetworkV6
                        ? value.Contains(':', StringComparison.Ordinal)
                        : value.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)));
        if (!valid)
        {
            errors.Add(field, "must be an IPv4 or IPv6 address, e.g. 203.0.113.7 or ::1.");
        }
    }

    public static void Phone(ValidationErrors errors, string field, string? value)
    {
        if (value is not null && !PhonePattern().IsMatch(value))
        {
            errors.Add(field, "must be a phone number: digits, optionally a leading + and spaces, dashes or brackets (e.g. +420 777 123 456).");
        }
    }

    /// <summary>A list hash, funnel id or similar code Clipsan shows in its own screens.</summary>
    public static void Code(ValidationErrors errors, string field, string? value)
    {
        if (value is not null && !CodePattern().IsMatch(value))
        {
            errors.Add(field, "must be 1 to 64 letters, digits, dashes or underscores.");
        }
    }

    public static void Text(ValidationErrors errors, string field, string? value, int max = MaxText)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "must not be blank; leave it out instead.");
        }

        errors.MaxLength(field, value, max);
        errors.NoControlCharacters(field, value, allowLineBreaks: false);
    }

    /// <summary>The custom field code without Clipsan's <c>data_</c> prefix (a given prefix is dropped).</summary>
    public static string? CustomFieldCode(ValidationErrors errors, string field, string code)
    {
        var bare = code.StartsWith("data_", StringComparison.Ordinal) ? code["data_".Length..] : code;
        if (!CustomCodePattern().IsMatch(bare))
        {
            errors.Add(field, "must be a custom field code of 1 to 64 letters, digits or underscores (e.g. city, utm_source).");
            return null;
        }

        return bare;
    }

    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[^@\s""(),:;<>\[\]\\]+\.[^@\s""(),:;<>\[\]\\.]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9]{6}/?[0-9]{3,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex PinPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-./]{2,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomCodePattern();
}
