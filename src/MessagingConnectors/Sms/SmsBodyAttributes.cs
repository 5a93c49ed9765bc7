using MessagingConnectors.Validation;

namespace MessagingConnectors.Sms;

/// <summary>
/// An SMS text that fits in <see cref="SmsSegments.MaxParts"/> parts. The document can state only the longest such text
/// (its GSM-7 length) as maxLength; a Unicode text is refused sooner, as the field's description says.
/// </summary>
public sealed class SmsBodyAttribute : RuleAttribute
{
    public override string? Check(object value, object model)
    {
        var segmentation = SmsSegments.Count((string)value);
        return segmentation.Parts <= SmsSegments.MaxParts
            ? null
            : $"must fit in {SmsSegments.MaxParts} SMS parts: at most {SmsSegments.MaxUnits(SmsEncoding.Gsm7)} GSM-7 or " +
              $"{SmsSegments.MaxUnits(SmsEncoding.Ucs2)} Unicode characters (this body is {segmentation.Units} " +
              $"{(segmentation.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2")} characters, {segmentation.Parts} parts).";
    }

    public override void Describe(FieldConstraints constraints) => constraints.MaxLength = SmsSegments.MaxUnits(SmsEncoding.Gsm7);

    public override object? Example => "Hello from Messaging Connectors";
}

/// <summary>A text of at most <paramref name="gsm7"/> characters when all are GSM-7, or <paramref name="unicode"/> otherwise (stated: the first).</summary>
public sealed class GsmLengthAttribute(int gsm7, int unicode) : RuleAttribute
{
    public override string? Check(object value, object model)
    {
        var text = (string)value;
        var max = SmsSegments.IsGsm7(text) ? gsm7 : unicode;
        return text.Length <= max ? null : $"must be at most {max} characters (got {text.Length}).";
    }

    public override void Describe(FieldConstraints constraints) => constraints.MaxLength = gsm7;

    public override object? Example => "Hello from Messaging Connectors";
}
