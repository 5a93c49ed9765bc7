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

    public const string DigitsPattern = "^[0-9]{1,18}$";
    public const string DigitsProblem = "must be a whole number (digits only).";

    /// <summary>A Czech or Slovak birth number: 9 or 10 digits, optionally with a slash after the sixth; sent without it.</summary>
    public const string PinPattern = "^[0-9]{6}/?[0-9]{3,4}$";
    public const string PinProblem = "must be a birth number: 9 or 10 digits, optionally with a slash after the sixth (e.g. 665317107 or 736028/5163).";

    public const string PhonePattern = @"^\+?[0-9][0-9 ()\-./]{2,31}$";
    public const string PhoneProblem = "must be a phone number: digits, optionally a leading + and spaces, dashes or brackets (e.g. +420 777 123 456).";

    /// <summary>A list hash, funnel id or similar code Clipsan shows in its own screens.</summary>
    public const string CodePattern = "^[A-Za-z0-9_-]{1,64}$";
    public const string CodeProblem = "must be 1 to 64 letters, digits, dashes or underscores.";

    /// <summary>The birth number as Clipsan takes it: without the slash.</summary>
    public static string? NormalizePin(string? pin) => pin?.Trim().Replace("/", "", StringComparison.Ordinal);

    /// <summary>The custom field code without Clipsan's <c>data_</c> prefix (a given prefix is dropped).</summary>
    public static string BareCode(string code) => code.StartsWith("data_", StringComparison.Ordinal) ? code["data_".Length..] : code;

    public static bool IsCustomFieldCode(string bare) => CustomCodePattern().IsMatch(bare);

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomCodePattern();
}
