using System.Buffers;
using System.Text.Json.Serialization;

namespace MessagingConnectors.Sms;

public enum SmsEncoding
{
    [JsonStringEnumMemberName("GSM-7")] Gsm7,
    [JsonStringEnumMemberName("UCS-2")] Ucs2,
}

/// <summary>How a body is split into SMS parts: its encoding, its length in that encoding and its part count.</summary>
public readonly record struct SmsSegmentation(SmsEncoding Encoding, int Units, int Parts);

/// <summary>
/// Counts SMS parts the way carriers split them: GSM 03.38 (7-bit, extension characters take
/// two septets and are never split across parts) when every character fits, UCS-2 otherwise
/// (surrogate pairs are never split).
/// </summary>
public static class SmsSegments
{
    public const int MaxParts = 8;
    public const int Gsm7SinglePart = 160;
    public const int Gsm7PerPart = 153;
    public const int Ucs2SinglePart = 70;
    public const int Ucs2PerPart = 67;

    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Gsm7Extension = "^{}\\[~]|€\f";

    private static readonly SearchValues<char> Basic = SearchValues.Create(Gsm7Basic);
    private static readonly SearchValues<char> Extension = SearchValues.Create(Gsm7Extension);

    public static SmsSegmentation Count(string body)
    {
        if (IsGsm7(body))
        {
            var septets = 0;
            foreach (var c in body)
            {
                septets += Extension.Contains(c) ? 2 : 1;
            }

            return new SmsSegmentation(SmsEncoding.Gsm7, septets,
                septets <= Gsm7SinglePart ? (septets == 0 ? 0 : 1) : SplitGsm7(body));
        }

        return new SmsSegmentation(SmsEncoding.Ucs2, body.Length,
            body.Length <= Ucs2SinglePart ? 1 : SplitUcs2(body));
    }

    public static bool IsGsm7(ReadOnlySpan<char> body)
    {
        foreach (var c in body)
        {
            if (!Basic.Contains(c) && !Extension.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Longest body, in characters of its own encoding, that fits in <see cref="MaxParts"/> parts.</summary>
    public static int MaxUnits(SmsEncoding encoding) =>
        encoding == SmsEncoding.Gsm7 ? MaxParts * Gsm7PerPart : MaxParts * Ucs2PerPart;

    private static int SplitGsm7(string body)
    {
        int parts = 1, used = 0;
        foreach (var c in body)
        {
            var cost = Extension.Contains(c) ? 2 : 1;
            if (used + cost > Gsm7PerPart)
            {
                parts++;
                used = 0;
            }

            used += cost;
        }

        return parts;
    }

    private static int SplitUcs2(string body)
    {
        int parts = 1, used = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var cost = char.IsHighSurrogate(body[i]) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]) ? 2 : 1;
            if (used + cost > Ucs2PerPart)
            {
                parts++;
                used = 0;
            }

            used += cost;
            i += cost - 1;
        }

        return parts;
    }
}
