using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace MessagingConnectors.Validation;

/// <summary>
/// What the document states of a field, as a rule describes itself: the JSON Schema keywords a Swagger 2.0 parameter or
/// property can carry. The document generator copies these, so what is stated is what <see cref="DeclaredRules"/> checks.
/// </summary>
public sealed class FieldConstraints
{
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public string? Pattern { get; set; }
    public string? Format { get; set; }
    public IReadOnlyList<object>? Values { get; set; }
    public long? Minimum { get; set; }
    public long? Maximum { get; set; }
    public int? MinItems { get; set; }
    public int? MaxItems { get; set; }
}

/// <summary>
/// Fields this model requires that it shares, optional, with a model it derives from or that derives from it (a new
/// contact needs a phone number, an edit does not). Not inherited: each model says what it requires.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>
/// Fields of which the caller gives at least one (or, <see cref="Exclusive"/>, exactly one): send to a number or to a list,
/// find a lead by its ID, email or birth number. A blank text or an empty list counts as not given. Checked by
/// <see cref="DeclaredRules"/> and stated in the document as <c>x-at-least-one-of</c> / <c>x-exactly-one-of</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class FieldGroupAttribute(params string[] fields) : Attribute
{
    public IReadOnlyList<string> Fields { get; } = fields;

    public bool Exclusive { get; init; }

    /// <summary>Why, said after the refusal (the provider's reason).</summary>
    public string? Reason { get; init; }

    /// <summary>A field sent empty ("" or []) counts as given: an edit that clears a field changes something.</summary>
    public bool CountsEmpty { get; init; }

    /// <summary>Where a refusal for none given is named, and what it says, when the first field is not the natural place.</summary>
    public string? Name { get; init; }

    public string? Problem { get; init; }

    /// <summary>The document's extension for this kind of group.</summary>
    public string Extension => Exclusive ? "x-exactly-one-of" : "x-at-least-one-of";

    public void Check(IReadOnlyList<string> given, ValidationErrors errors)
    {
        var why = Reason is null ? "." : $" ({Reason}).";
        if (given.Count == 0)
        {
            errors.Add(Name ?? Fields[0], Problem ?? $"is required unless {Or(Fields.Skip(1))} is given{why}");
        }
        else if (Exclusive && given.Count > 1)
        {
            errors.Add(given[1], $"must be left out when {given[0]} is given: give exactly one of {Or(Fields)}{why}");
        }
    }

    private static string Or(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1];
    }
}

/// <summary>
/// A rule on one request field (a body property, or a query or route value of an <c>[AsParameters]</c> group), declared
/// beside the field: <see cref="DeclaredRules"/> checks it and the document states it through <see cref="Describe"/>.
/// On a list property the rule holds for each item, except <see cref="ItemsAttribute"/>, which counts them.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public abstract class RuleAttribute : Attribute
{
    /// <summary>Why <paramref name="value"/> (never null) breaks the rule, or null when it keeps it. <paramref name="model"/> holds the field.</summary>
    public abstract string? Check(object value, object model);

    public abstract void Describe(FieldConstraints constraints);

    /// <summary>A value that keeps the rule, for the document's example when the field names none (<see cref="OpenApi.ApiFieldAttribute.Example"/>).</summary>
    public virtual object? Example => null;

    /// <summary>Whether a blank text is this rule's to refuse; otherwise an optional field sent blank is read as left out.</summary>
    public virtual bool ChecksBlank => false;
}

/// <summary>
/// Text of at most <see cref="MaxLength"/> characters without control characters (line breaks and tabs allowed only
/// with <see cref="LineBreaks"/>): stated as maxLength and a pattern that excludes the control characters (and, with
/// <see cref="NotBlank"/>, asks for one character that is not a space).
/// </summary>
public sealed class TextAttribute(int maxLength) : RuleAttribute
{
    private const string SingleLineControls = @"\u0000-\u001F\u007F-\u009F";
    private const string MultiLineControls = @"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";

    public int MaxLength { get; } = maxLength;

    /// <summary>Fewer characters, once trimmed, are refused (a search needs a few).</summary>
    public int MinLength { get; init; }

    public bool LineBreaks { get; init; }

    /// <summary>A value of spaces only is refused: the provider would store it as given; leave the field out instead.</summary>
    public bool NotBlank { get; init; }

    public override bool ChecksBlank => NotBlank || MinLength > 0;

    public override string? Check(object value, object model)
    {
        var text = (string)value;
        if (text.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxLength} characters (got {text.Length}).");
        }

        if (NotBlank && string.IsNullOrWhiteSpace(text))
        {
            return "must not be blank; leave it out instead.";
        }

        if (text.Trim().Length < MinLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be at least {MinLength} characters (got {text.Trim().Length}).");
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && !(LineBreaks && c is '\n' or '\r' or '\t'))
            {
                return "must not contain control characters.";
            }
        }

        return null;
    }

    public override void Describe(FieldConstraints constraints)
    {
        var controls = LineBreaks ? MultiLineControls : SingleLineControls;
        constraints.MaxLength = MaxLength;
        constraints.MinLength = MinLength > 0 ? MinLength : NotBlank ? 1 : null;
        constraints.Pattern = NotBlank || MinLength > 0 ? $"^[^{controls}]*[^\\s{controls}][^{controls}]*$" : $"^[^{controls}]*$";
    }
}

/// <summary>A list of <c>min</c> to <c>max</c> items (minItems/maxItems); an item left null is refused as required.</summary>
public sealed class ItemsAttribute(int min, int max) : RuleAttribute
{
    public int Min { get; } = min;
    public int Max { get; } = max;

    public override string? Check(object value, object model)
    {
        var count = ((System.Collections.ICollection)value).Count;
        return count < Min || count > Max
            ? string.Create(CultureInfo.InvariantCulture, $"must hold between {Min} and {Max} items (got {count}).")
            : null;
    }

    public override void Describe(FieldConstraints constraints)
    {
        constraints.MinItems = Min;
        constraints.MaxItems = Max;
    }
}

/// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (minimum/maximum; no maximum when left out).</summary>
public sealed class BoundsAttribute(long min, long max = long.MaxValue) : RuleAttribute
{
    /// <summary>The latest Unix time a schedule can name: 9999-12-31T23:59:59Z.</summary>
    public const long MaxUnixTime = 253402300799;

    public long Min { get; } = min;
    public long Max { get; } = max;

    public override string? Check(object value, object model)
    {
        var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        if (number >= Min && number <= Max)
        {
            return null;
        }

        return Max == long.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"must be at least {Min}.")
            : string.Create(CultureInfo.InvariantCulture, $"must be between {Min} and {Max}.");
    }

    public override void Describe(FieldConstraints constraints)
    {
        constraints.Minimum = Min;
        constraints.Maximum = Max == long.MaxValue ? null : Max;
    }

    public override object? Example => Min;
}

/// <summary>A 0-or-1 switch, as ClickSend's options are: stated as <c>enum: [0, 1]</c>.</summary>
public sealed class FlagAttribute : RuleAttribute
{
    public override string? Check(object value, object model) => value is 0 or 1 ? null : "must be 0 or 1.";

    public override void Describe(FieldConstraints constraints) => constraints.Values = [0, 1];

    public override object? Example => 0;
}

/// <summary>One of a fixed set of words (enum), compared exactly.</summary>
public sealed class OneOfAttribute : RuleAttribute
{
    public OneOfAttribute(params string[] values) => Values = values;

    /// <summary>The words a static <c>IReadOnlyList&lt;string&gt;</c> member of <paramref name="holder"/> lists.</summary>
    public OneOfAttribute(Type holder, string member) =>
        Values = (IReadOnlyList<string>)(holder.GetField(member)?.GetValue(null) ?? holder.GetProperty(member)!.GetValue(null)!);

    public IReadOnlyList<string> Values { get; }

    /// <summary>Other cases and surrounding spaces are taken too (the document lists the values as written here).</summary>
    public bool IgnoreCase { get; init; }

    public override string? Check(object value, object model) =>
        (IgnoreCase ? Values.Contains(((string)value).Trim(), StringComparer.OrdinalIgnoreCase) : Values.Contains((string)value))
            ? null
            : $"must be one of: {string.Join(", ", Values)}.";

    public override void Describe(FieldConstraints constraints) => constraints.Values = [.. Values];

    public override object? Example => Values[0];
}

/// <summary>Text matching a regular expression, written as the document states it (ECMAScript: <c>$</c> ends the text).</summary>
public sealed class PatternAttribute(string pattern, string problem) : RuleAttribute
{
    // .NET's $ also matches before a final line break; the document's does not, so the check anchors at the very end.
    private readonly Regex _regex = new(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant);

    public override string? Check(object value, object model) => _regex.IsMatch((string)value) ? null : problem;

    public override void Describe(FieldConstraints constraints) => constraints.Pattern = pattern;
}

/// <summary>An ISO 8601 date and time with its offset (format date-time), e.g. 2026-12-04T10:00:00+01:00.</summary>
public sealed partial class IsoDateTimeAttribute : RuleAttribute
{
    public override string? Check(object value, object model) =>
        TryParse((string)value, out _) ? null : "must be an ISO 8601 date and time with its offset, e.g. 2026-12-04T10:00:00+01:00.";

    public override void Describe(FieldConstraints constraints) => constraints.Format = "date-time";

    /// <summary>The instant of a value this rule accepted.</summary>
    public static DateTimeOffset Parse(string value) => TryParse(value, out var instant) ? instant : throw new FormatException("not ISO 8601");

    public static bool TryParse(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant) && value.Contains('T', StringComparison.Ordinal)
        && WithOffset().IsMatch(value);

    // A time without its offset would be read in the server's own zone: RFC 3339 (date-time) always has one.
    [GeneratedRegex(@"(Z|z|[+-][0-9]{2}:?[0-9]{2})\z")]
    private static partial Regex WithOffset();

    public override object? Example => "2026-12-04T10:00:00+01:00";
}

/// <summary>An IPv4 address in dotted-quad form or an IPv6 address.</summary>
public sealed class IpAddressAttribute : RuleAttribute
{
    public override string? Check(object value, object model)
    {
        var text = (string)value;
        // IPAddress.TryParse also takes "1" or "10.1" as IPv4; only the dotted quad and IPv6 are addresses here.
        var valid = System.Net.IPAddress.TryParse(text, out var address)
                    && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                        ? text.Contains(':', StringComparison.Ordinal)
                        : text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)));
        return valid ? null : "must be an IPv4 or IPv6 address, e.g. 203.0.113.7 or ::1.";
    }

    public override void Describe(FieldConstraints constraints)
    {
        constraints.Pattern = @"^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-zA-Z]*)$";
        constraints.MaxLength = 45;
    }

    public override object? Example => "203.0.113.7";
}

/// <summary>A two-letter ISO 3166 country code libphonenumber knows, in either case.</summary>
public sealed class CountryCodeAttribute : RuleAttribute
{
    public override string? Check(object value, object model) =>
        value is string { Length: 2 } code && code.All(char.IsAsciiLetter) && PhoneNumberRules.IsKnownRegion(code)
            ? null
            : "must be a two-letter ISO 3166 country code.";

    public override void Describe(FieldConstraints constraints)
    {
        constraints.Pattern = "^[A-Za-z]{2}$";
        constraints.MinLength = 2;
        constraints.MaxLength = 2;
    }

    public override object? Example => "AU";
}

/// <summary>An email address: one address as written (no display name), with a dot in its domain, at most 254 characters.</summary>
public sealed class EmailAttribute : RuleAttribute
{
    public const int MaxLength = 254;

    public override string? Check(object value, object model) => IsEmail((string)value) ? null : "must be an email address.";

    public override void Describe(FieldConstraints constraints)
    {
        constraints.Format = "email";
        constraints.MaxLength = MaxLength;
    }

    public static bool IsEmail(string value) =>
        value.Length <= MaxLength && MailAddress.TryCreate(value, out var address) && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);

    public override object? Example => "jana@example.com";
}

/// <summary>
/// A phone number as libphonenumber reads it, whose shape the document states as a pattern (digits with an optional
/// leading +, spaces, brackets, dots and dashes). Each provider says which numbers it takes by deriving from this.
/// </summary>
public abstract partial class PhoneNumberAttribute : RuleAttribute
{
    public const string Shape = @"^\s*\+?[0-9 ().\-]{3,32}$";

    public override string? Check(object value, object model)
    {
        var text = (string)value;
        return ShapeRegex().IsMatch(text) ? Problem(text, model) : "must be a phone number.";
    }

    /// <summary>Why a number of the right shape is refused, or null.</summary>
    protected abstract string? Problem(string number, object model);

    public override void Describe(FieldConstraints constraints)
    {
        constraints.Pattern = Shape;
        constraints.MaxLength = 32;
    }

    // \z, not $: .NET's $ also matches before a final line break, which the document's (ECMAScript) pattern does not.
    [GeneratedRegex(@"^\s*\+?[0-9 ().\-]{3,32}\z")]
    private static partial Regex ShapeRegex();
}
