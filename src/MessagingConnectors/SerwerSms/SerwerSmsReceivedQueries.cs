using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.SerwerSms;

/// <summary>Which received messages: their type, and optionally one sender and one NDI number.</summary>
public sealed class SerwerSmsReceivedSelection
{
    /// <summary>
    /// The types SerwerSMS's clients (PHP, Python, Node) offer; its documents also name "pre" and let the type be left out
    /// for every kind at once, but ids are unique within a type only, so a cursor needs one type per trigger.
    /// </summary>
    public static readonly IReadOnlyList<string> Types = ["eco", "nd", "ndi", "mms"];

    [FromQuery(Name = "type"), OneOf(typeof(SerwerSmsReceivedSelection), nameof(Types)),
     ApiField("Type", "eco (replies to ECO SMS), nd, ndi (messages to the account's ND or NDI numbers) or mms.", Required = true, Visibility = Visibility.Important)]
    public string? Type { get; init; }

    [FromQuery(Name = "phone"), SerwerSmsPhone, ApiField("From", "Only messages from this phone number.", Visibility = Visibility.Advanced)]
    public string? Phone { get; init; }

    [FromQuery(Name = "ndi"), SerwerSmsPhone, ApiField("NDI Number", "Only messages sent to this NDI number, e.g. +48500600700.", Visibility = Visibility.Advanced)]
    public string? Ndi { get; init; }

    internal SerwerSmsReceivedFilter ToFilter() => new(Type!)
    {
        Phone = SerwerSmsPhone.ToE164(Phone),
        Ndi = SerwerSmsPhone.ToE164(Ndi),
    };
}

/// <summary>What List received messages adds to its selection (bound beside it and the page).</summary>
public sealed class SerwerSmsReceivedQuery
{
    [FromQuery(Name = "date_from"), IsoDateTime,
     ApiField("Received From", "Only messages received at or after this time, ISO 8601 with its offset.", Visibility = Visibility.Advanced)]
    public string? DateFrom { get; init; }

    [FromQuery(Name = "date_to"), IsoDateTime,
     ApiField("Received To", "Only messages received at or before this time, ISO 8601 with its offset.", Visibility = Visibility.Advanced)]
    public string? DateTo { get; init; }

    [FromQuery(Name = "read"), ApiField("Mark As Read", "true marks the listed messages as read: SerwerSMS then no longer lists them. Default false.", Visibility = Visibility.Advanced, Example = false)]
    public bool? Read { get; init; }

    [FromQuery(Name = "order"), OneOf(typeof(SerwerSmsListQuery), nameof(SerwerSmsListQuery.Orders)),
     ApiField("Order", "asc (oldest first) or desc.", Visibility = Visibility.Advanced)]
    public string? Order { get; init; }

    internal SerwerSmsReceivedFilter ToFilter(SerwerSmsReceivedSelection selection, SerwerSmsPageQuery paging) => selection.ToFilter() with
    {
        From = LocalTime(DateFrom),
        To = LocalTime(DateTo),
        MarkRead = Read,
        Order = Order,
        Paging = paging.ToPaging(),
    };

    private static DateTime? LocalTime(string? value) => value is null ? null : SerwerSmsTime.ToLocal(IsoDateTimeAttribute.Parse(value));
}

/// <summary>Where the When an SMS is received trigger stopped: the cursor it wrote into its Location.</summary>
public sealed class SerwerSmsReceivedCursor : IValidatable
{
    [FromQuery(Name = "cursor"), ApiField("Cursor", "Where the previous poll stopped; written by this trigger into its Location.", Visibility = Visibility.Internal)]
    public string? Cursor { get; init; }

    internal ReceivedCursor? Position => Cursor is null ? null : ReceivedCursor.Decode(Cursor);

    /// <summary>A cursor is opaque: only this trigger can tell whether it wrote one.</summary>
    public void Validate(ValidationErrors errors)
    {
        if (Cursor is not null && Position is null)
        {
            errors.Add("cursor", "is not a cursor this trigger wrote; start the trigger again.");
        }
    }
}
