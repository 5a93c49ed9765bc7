using PhoneNumbers;

namespace MessagingConnectors.Validation;

/// <summary>
/// Phone number rules on libphonenumber: E.164 in, E.164 out, with a local number accepted
/// only when its country is known. A provider's own special numbers are its slice's business.
/// </summary>
public static class PhoneNumberRules
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Returns the E.164 form, or null with the reason in <paramref name="problem"/>.</summary>
    public static string? ToE164(string raw, string? country, out string? problem)
    {
        problem = null;
        var trimmed = raw.Trim();
        if (trimmed.Length is 0 or > 32)
        {
            problem = "must be a phone number.";
            return null;
        }

        var international = trimmed.StartsWith('+');
        if (!international && string.IsNullOrWhiteSpace(country))
        {
            problem = "must be in international E.164 form (e.g. +61411111111), or local with a country.";
            return null;
        }

        try
        {
            var parsed = Util.Parse(trimmed, international ? null : country!.Trim().ToUpperInvariant());
            if (!Util.IsValidNumber(parsed))
            {
                problem = "is not a valid phone number.";
                return null;
            }

            return Util.Format(parsed, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            problem = "is not a valid phone number.";
            return null;
        }
    }

    /// <summary>Strict E.164: a leading + and a valid number, no country fallback.</summary>
    public static string? ToStrictE164(string raw, out string? problem)
    {
        if (!raw.Trim().StartsWith('+'))
        {
            problem = "must be in international E.164 form, starting with + and the country code.";
            return null;
        }

        return ToE164(raw, null, out problem);
    }

    public static bool IsKnownRegion(string country) =>
        Util.GetSupportedRegions().Contains(country.Trim().ToUpperInvariant());
}
