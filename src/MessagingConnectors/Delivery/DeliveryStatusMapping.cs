namespace MessagingConnectors.Delivery;

/// <summary>
/// The one table from each provider's delivery status to <see cref="DeliveryState"/>. docs/conventions.md repeats it
/// with the same sources; a test holds the two together and drives every row both ways.
/// Sources: ClickSend's SMS gateway error codes (help.clicksend.com "list of SMS gateway error codes", linked from every
/// receipt field of ClickSend's OpenAPI) and its history status words (OpenAPI <c>view_sms_history</c> item
/// <c>status</c>); SerwerSMS's report status and reason values (serwersms-php-api-v2 <c>Messages::reports</c>
/// docblock). See ../shared/reference/delivery-status.md §3 and §5.
/// </summary>
public static class DeliveryStatusMapping
{
    /// <summary>ClickSend's <c>status_code</c>: the key, since the error-code numbering differs between ClickSend's own pages.</summary>
    public static readonly IReadOnlyDictionary<int, DeliveryReading> ClickSendStatusCodes = new Dictionary<int, DeliveryReading>
    {
        [200] = new(DeliveryState.Sent, "Accepted by ClickSend and not yet confirmed by the handset's network."),
        [201] = new(DeliveryState.Delivered, "Delivered to the handset."),
        // 300 is "Temporary network error - will be retried": ClickSend tries again, so it is not final.
        [300] = new(DeliveryState.Sent, "A temporary network error; ClickSend retries the delivery."),
        [301] = new(DeliveryState.Failed, "Not delivered."),
    };

    /// <summary>
    /// ClickSend's history <c>status</c> word, which tells apart what status code 200 and 301 leave open (queued from
    /// scheduled, failed from cancelled). There is no "Delivered" word: delivered is <c>Sent</c> with code 201.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, DeliveryReading> ClickSendHistoryWords = new Dictionary<string, DeliveryReading>(StringComparer.OrdinalIgnoreCase)
    {
        ["Queued"] = new(DeliveryState.Queued, "Queued at ClickSend for delivery."),
        ["Scheduled"] = new(DeliveryState.Scheduled, "Scheduled for later delivery."),
        ["WaitApproval"] = new(DeliveryState.Queued, "Waiting for ClickSend staff to approve it."),
        ["Sent"] = new(DeliveryState.Sent, "Sent to the network for delivery."),
        ["Completed"] = new(DeliveryState.Sent, "Completed at ClickSend (ClickSend does not define it further)."),
        ["Failed"] = new(DeliveryState.Failed, "Not delivered."),
        ["Cancelled"] = new(DeliveryState.Cancelled, "Cancelled before it was sent."),
        ["CancelledAfterReview"] = new(DeliveryState.Cancelled, "Cancelled by ClickSend staff after review."),
    };

    /// <summary>SerwerSMS's report <c>status</c>.</summary>
    public static readonly IReadOnlyDictionary<string, DeliveryReading> SerwerSmsStatuses = new Dictionary<string, DeliveryReading>(StringComparer.OrdinalIgnoreCase)
    {
        ["delivered"] = new(DeliveryState.Delivered, "Delivered to the handset."),
        ["undelivered"] = new(DeliveryState.Failed, "Sent but not delivered."),
        ["sent"] = new(DeliveryState.Sent, "Sent and waiting for the delivery report."),
        ["unsent"] = new(DeliveryState.Failed, "SerwerSMS did not send it."),
        ["in_progress"] = new(DeliveryState.Queued, "Queued at SerwerSMS for sending."),
        ["saved"] = new(DeliveryState.Scheduled, "Saved in SerwerSMS's scheduler."),
    };

    /// <summary>SerwerSMS's <c>reason</c> for an undelivered or unsent message, in English.</summary>
    public static readonly IReadOnlyDictionary<string, string> SerwerSmsReasons = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["message_expired"] = "The message expired before it could be delivered.",
        ["unsupported_number"] = "The number is not supported.",
        ["message_rejected"] = "The network rejected the message.",
        ["missed_call"] = "The call was missed.",
        ["wrong_number"] = "The number is wrong.",
        ["limit_exhausted"] = "The account's sending limit is exhausted.",
        ["lock_send"] = "Sending is locked on the account.",
        ["wrong_message"] = "The message is not valid.",
        ["operator_error"] = "The network operator reported an error.",
        ["wrong_sender_name"] = "The sender name is not valid.",
        ["number_is_blacklisted"] = "The number is on the blacklist.",
        ["sending_to_foreign_networks_is_locked"] = "Sending to foreign networks is locked on the account.",
        ["no_permission_to_send_messages"] = "The account has no permission to send messages.",
        ["other_error"] = "Another error.",
    };

    /// <summary>
    /// Reads ClickSend's status: its <c>status_code</c> (a string in its examples, an integer in its schema: both come
    /// here as text) and, where known, the history status word, which refines 200 and 301. The reason is the provider's
    /// text where it gives one.
    /// </summary>
    public static DeliveryReading FromClickSend(string? statusCode, string? historyWord, string? statusText)
    {
        var hasCode = int.TryParse(statusCode, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code);
        ClickSendHistoryWords.TryGetValue(historyWord ?? "", out var byWord);
        DeliveryReading reading;
        if (hasCode && ClickSendStatusCodes.TryGetValue(code, out var byCode))
        {
            // The word only refines a code that leaves it open: 200 (queued, scheduled, waiting, sent) and 301 (failed, cancelled).
            reading = byWord != default && (code == 200 && !byWord.Final || code == 301 && byWord.Final) ? byWord : byCode;
        }
        else if (byWord != default)
        {
            reading = byWord;
        }
        else
        {
            reading = new(DeliveryState.Sent, $"ClickSend status {(statusCode ?? historyWord ?? "unknown")} is not one this app knows; read as not final.");
        }

        return string.IsNullOrWhiteSpace(statusText) ? reading : reading with { Reason = statusText.Trim() };
    }

    /// <summary>Reads SerwerSMS's status and reason; an unknown status is read as not final.</summary>
    public static DeliveryReading FromSerwerSms(string? status, string? reason)
    {
        var reading = SerwerSmsStatuses.TryGetValue(status ?? "", out var known)
            ? known
            : new(DeliveryState.Sent, $"SerwerSMS status {status ?? "unknown"} is not one this app knows; read as not final.");
        if (!string.IsNullOrWhiteSpace(reason))
        {
            reading = reading with { Reason = SerwerSmsReasons.TryGetValue(reason, out var english) ? english : $"SerwerSMS reason: {reason}." };
        }

        return reading;
    }
}
