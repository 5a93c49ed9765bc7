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
