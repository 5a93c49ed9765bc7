using MessagingConnectors.Validation;

namespace MessagingConnectors.ClickSend;

/// <summary>Phone numbers as ClickSend takes them: the shared rules, and ClickSend's published test numbers always.</summary>
internal static class ClickSendPhone
{
    /// <summary>Numbers ClickSend documents as never sending or charging; some are not valid for libphonenumber.</summary>
    public static readonly IReadOnlySet<string> TestNumbers = new HashSet<string>(StringComparer.Ordinal)
    {
        "+61411111111", "+61422222222", "+61433333333", "+61444444444",
        "+14055555555", "+14055555666", "+447777777777", "+61261111111",
    };

    /// <inheritdoc cref="PhoneNumberRules.ToE164"/>
    public static string? ToE164(string raw, string? country, out string? problem)
    {
        problem = null;
        return TestNumbers.Contains(raw.Trim()) ? raw.Trim() : PhoneNumberRules.ToE164(raw, country, out problem);
    }

    /// <inheritdoc cref="PhoneNumberRules.ToStrictE164"/>
    public static string? ToStrictE164(string raw, out string? problem)
    {
        problem = null;
        return TestNumbers.Contains(raw.Trim()) ? raw.Trim() : PhoneNumberRules.ToStrictE164(raw, out problem);
    }
}

/// <summary>
/// A recipient or fax number as ClickSend takes it: E.164, or (unless <see cref="Strict"/>) a local number whose country is
/// the field <see cref="CountryFrom"/> names. Validation checks; <see cref="ClickSendPhone.ToE164"/> makes the form sent.
/// </summary>
public sealed class ClickSendPhoneAttribute : PhoneNumberAttribute
{
    /// <summary>The property of the same model holding the country of a local number.</summary>
    public string? CountryFrom { get; init; }

    /// <summary>Only E.164 (a fax or sender number): no local number.</summary>
    public bool Strict { get; init; }

    /// <summary>A value taken as it is instead of a number (<c>*</c>: every number of the account).</summary>
    public string? Wildcard { get; init; }

    public override string? Check(object value, object model) =>
        Wildcard is not null && (string)value == Wildcard ? null : base.Check(value, model);

    public override void Describe(FieldConstraints constraints)
    {
        base.Describe(constraints);
        if (Wildcard is not null)
        {
            constraints.Pattern = $"^({System.Text.RegularExpressions.Regex.Escape(Wildcard)}|{Shape[1..^1]})$";
        }
    }

    /// <summary>A ClickSend test number: it never sends or charges.</summary>
    public override object? Example => "+61411111111";

    protected override string? Problem(string number, object model)
    {
        string? problem;
        if (Strict)
        {
            ClickSendPhone.ToStrictE164(number, out problem);
        }
        else
        {
            var country = CountryFrom is null ? null : Validation.DeclaredRules.Read(model, CountryFrom) as string;
            ClickSendPhone.ToE164(number, country, out problem);
        }

        return problem;
    }
}

/// <summary>An SMS sender ID: a number in E.164 form, up to 16 digits, or 1 to 11 letters, digits and spaces.</summary>
public sealed class ClickSendSenderAttribute : RuleAttribute
{
    public const int MaxAlphanumeric = 11;

    public override string? Check(object value, object model) =>
        IsValidSender((string)value) ? null : "must be a phone number in E.164 form or 1 to 11 letters, digits and spaces.";

    public override void Describe(FieldConstraints constraints)
    {
        constraints.Pattern = @"^(\+[0-9 ().\-]{3,32}|[0-9]{1,16}|[A-Za-z0-9 ]{1,11})$";
        constraints.MaxLength = 33;
    }

    public override object? Example => "MyShop";

    private static bool IsValidSender(string from)
    {
        if (from.StartsWith('+'))
        {
            return ClickSendPhone.ToStrictE164(from, out _) is not null;
        }

        if (from.Length > 0 && from.All(char.IsAsciiDigit))
        {
            return from.Length <= 16;
        }

        return from.Length is > 0 and <= MaxAlphanumeric
            && from.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ')
            && from.Trim().Length > 0;
    }
}
