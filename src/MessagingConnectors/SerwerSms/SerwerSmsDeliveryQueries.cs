using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.SerwerSms;

/// <summary>SerwerSMS's message ids ("aca3944055") and the caller's own unique ids, one or up to 500 in a query.</summary>
internal static class SerwerSmsMessageIds
{
    public const string IdPattern = "^[A-Za-z0-9_-]{1,64}$";
    public const string IdProblem = "must be a SerwerSMS message ID: letters and digits, as Send SMS answered it.";
    public const string IdListPattern = "^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,499}$";
    public const string UniqueIdListPattern = "^[^,]{1,255}(,[^,]{1,255}){0,499}$";
    public const string ListProblem = "must be one to 500 IDs separated by commas.";

    public static IReadOnlyList<string>? Split(string? list) =>
        list is null ? null : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Which sent message Get message status looks up: SerwerSMS's id, or the unique id given at send time.</summary>
[FieldGroup("id", "unique_id", Exclusive = true)]
public sealed class SerwerSmsMessageQuery
{
    [FromQuery(Name = "id"), Pattern(SerwerSmsMessageIds.IdPattern, SerwerSmsMessageIds.IdProblem),
     ApiField("Message ID", "SerwerSMS's ID of the message, as Send SMS answered it; give exactly one of Message ID or Unique ID.",
         Visibility = Visibility.Important, Example = "aca3944055")]
    public string? Id { get; init; }

    [FromQuery(Name = "unique_id"), Text(SerwerSmsSendSmsRequest.MaxUniqueId),
     ApiField("Unique ID", "Your own ID given at send time; give exactly one of Message ID or Unique ID.", Visibility = Visibility.Important)]
    public string? UniqueId { get; init; }
}

/// <summary>The filters of List delivery reports (bound beside the page).</summary>
public sealed class SerwerSmsReportsQuery
{
    /// <summary>The status filter SerwerSMS's documentation names; pending is a filter only, never an item's status.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["delivered", "undelivered", "pending", "sent", "unsent", "in_progress", "saved"];

    public static readonly IReadOnlyList<string> Types = ["eco", "full", "mms", "voice"];

    [FromQuery(Name = "phone"), SerwerSmsPhone, ApiField("Phone Number", "Only messages to this phone number.")]
    public string? Phone { get; init; }

    [FromQuery(Name = "id"), Pattern(SerwerSmsMessageIds.IdListPattern, SerwerSmsMessageIds.ListProblem),
     ApiField("Message IDs", "Only these messages: SerwerSMS's IDs separated by commas, at most 500.", Example = "aca3944055,aca3944056")]
    public string? Id { get; init; }

    [FromQuery(Name = "unique_id"), Pattern(SerwerSmsMessageIds.UniqueIdListPattern, SerwerSmsMessageIds.ListProblem),
     ApiField("Unique IDs", "Only these messages: your own IDs given at send time, separated by commas, at most 500.", Example = "order-2026-0001")]
    public string? UniqueId { get; init; }

    [FromQuery(Name = "status"), OneOf(typeof(SerwerSmsReportsQuery), nameof(Statuses)),
     ApiField("SerwerSMS Status", "Only messages with this SerwerSMS status: delivered, undelivered, pending, sent, unsent, in_progress or saved.")]
    public string? Status { get; init; }

    [FromQuery(Name = "type"), OneOf(typeof(SerwerSmsReportsQuery), nameof(Types)), ApiField("Type", "Only messages of this type: eco, full, mms or voice.")]
    public string? Type { get; init; }

    [FromQuery(Name = "date_from"), IsoDateTime,
     ApiField("Queued From", "Only messages queued at or after this time, ISO 8601 with its offset (SerwerSMS filters on the queued time).")]
    public string? DateFrom { get; init; }

    [FromQuery(Name = "date_to"), IsoDateTime, ApiField("Queued To", "Only messages queued at or before this time, ISO 8601 with its offset.")]
    public string? DateTo { get; init; }

    [FromQuery(Name = "order"), OneOf(typeof(SerwerSmsListQuery), nameof(SerwerSmsListQuery.Orders)), ApiField("Order", "asc (oldest first) or desc.")]
    public string? Order { get; init; }

    [FromQuery(Name = "show_contact"), ApiField("Show Contact", "true adds the recipient as the account's contacts know them.", Example = false)]
    public bool? ShowContact { get; init; }

    internal SerwerSmsReportsFilter ToFilter(SerwerSmsPageQuery paging) => new()
    {
        Phone = SerwerSmsPhone.ToE164(Phone),
        Ids = SerwerSmsMessageIds.Split(Id),
        UniqueIds = SerwerSmsMessageIds.Split(UniqueId),
        Status = Status,
        Type = Type,
        From = LocalTime(DateFrom),
        To = LocalTime(DateTo),
        Order = Order,
        ShowContact = ShowContact,
        Paging = paging.ToPaging(),
    };

    private static DateTime? LocalTime(string? value) => value is null ? null : SerwerSmsTime.ToLocal(IsoDateTimeAttribute.Parse(value));
}

/// <summary>Body of Cancel scheduled message: SerwerSMS's ids or the unique ids given at send time, one or many.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[FieldGroup("id", "unique_id")]
[ApiExample("""{"id":"aca3944055"}""")]
public sealed class SerwerSmsCancelRequest
{
    [JsonPropertyName("id")]
    [Items(0, SerwerSmsReportsFilter.MaxIds)]
    [Pattern(SerwerSmsMessageIds.IdPattern, SerwerSmsMessageIds.IdProblem)]
    [JsonConverter(typeof(StringListConverter))]
    [ApiField("Message ID", "SerwerSMS's ID of the scheduled message, or an array of them (at most 500).", Visibility = Visibility.Important)]
    public List<string>? Id { get; set; }

    [JsonPropertyName("unique_id")]
    [Items(0, SerwerSmsReportsFilter.MaxIds)]
    [Text(SerwerSmsSendSmsRequest.MaxUniqueId)]
    [JsonConverter(typeof(StringListConverter))]
    [ApiField("Unique ID", "Your own ID given at send time, or an array of them (at most 500).", Example = "order-2026-0001")]
    public List<string>? UniqueId { get; set; }
}

/// <summary>What When a delivery report arrives delivers: final statuses or every change, all or failures only, one number or all.</summary>
public sealed class SerwerSmsReportTriggerQuery
{
    public const string FinalOnly = "final";
    public const string EveryChange = "all";

    public static readonly IReadOnlyList<string> ChangeKinds = [FinalOnly, EveryChange];

    [FromQuery(Name = "changes"), OneOf(typeof(SerwerSmsReportTriggerQuery), nameof(ChangeKinds)),
     ApiField("Changes", "final (the default): each message once, when its status is final (delivered or failed); all: each change of status.",
         Visibility = Visibility.Important)]
    public string? Changes { get; init; }

    [FromQuery(Name = "failures_only"), ApiField("Failures Only", "true starts the flow only for messages that failed.", Example = false,
         Visibility = Visibility.Important)]
    public bool? FailuresOnly { get; init; }

    [FromQuery(Name = "phone"), SerwerSmsPhone, ApiField("Phone Number", "Only messages to this phone number.", Visibility = Visibility.Advanced)]
    public string? Phone { get; init; }

    internal bool EveryChangeWanted => string.Equals(Changes, EveryChange, StringComparison.Ordinal);
}

/// <summary>Where When a delivery report arrives stopped: the cursor it wrote into its Location.</summary>
public sealed class SerwerSmsReportCursorQuery : IValidatable
{
    [FromQuery(Name = "cursor"), ApiField("Cursor", "Where the previous poll stopped; written by this trigger into its Location.", Visibility = Visibility.Internal)]
    public string? Cursor { get; init; }

    internal ReportCursor? Position => Cursor is null ? null : ReportCursor.Decode(Cursor);

    public void Validate(ValidationErrors errors)
    {
        if (Cursor is not null && Position is null)
        {
            errors.Add("cursor", "is not a cursor this trigger wrote; start the trigger again.");
        }
    }
}
