using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using MessagingConnectors.Hosting;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.Webhooks;

/// <summary>
/// Delivers stored notifications to their subscribers' callback URLs, at least once: a message is
/// marked delivered only after a 2xx; failures are retried with exponential backoff and jitter up
/// to a limit, then dead-lettered; 404 or 410 from a callback ends its subscription.
/// </summary>
public sealed partial class CallbackDelivery(
    InboundMessageStore messages,
    SubscriptionStore subscriptions,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    ILogger<CallbackDelivery> logger)
{
    public const string HttpClientName = "webhook-callbacks";
    private const int BatchSize = 50;

    /// <summary>Deliveries this process has claimed or is claiming, by subscription (receiver id).</summary>
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the background worker to deliver now instead of at its next sweep.</summary>
    public void Nudge() => _signal.Writer.TryWrite(true);

    internal ChannelReader<bool> Signals => _signal.Reader;

    public sealed record Summary(int Delivered, int Retried, int DeadLettered, int Skipped)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"delivered {Delivered}, retry scheduled {Retried}, dead-lettered {DeadLettered}, skipped {Skipped}");
    }

    public async Task<Summary> DeliverDueAsync(CancellationToken cancellationToken)
    {
        int delivered = 0, retried = 0, dead = 0, skipped = 0;
        foreach (var message in await messages.DueAsync(BatchSize, cancellationToken))
        {
            // Counted before the claim, so an unsubscribe that removes the rows next either sees this delivery and
            // waits for it, or removed the row first and the claim fails.
            _inFlight.AddOrUpdate(message.ReceiverId, 1, (_, count) => count + 1);
            try
            {
                var claimed = await messages.TryClaimAsync(message, TimeSpan.FromSeconds(options.Value.ClaimSeconds), cancellationToken);
                if (claimed is null)
                {
                    skipped++;
                    continue;
                }

                switch (await DeliverAsync(claimed, cancellationToken))
                {
                    case Outcome.Delivered: delivered++; break;
                    case Outcome.Retry: retried++; break;
                    default: dead++; break;
                }
            }
            finally
            {
                _inFlight.AddOrUpdate(message.ReceiverId, 0, (_, count) => count - 1);
                _inFlight.TryRemove(KeyValuePair.Create(message.ReceiverId, 0));
            }
        }

        return new Summary(delivered, retried, dead, skipped);
    }

    /// <summary>
    /// Deletes a subscription (none: nothing to do, as unsubscribing is idempotent) and ends its delivery: removes its
    /// stored messages, so no retry, due or not, calls the callback again, then waits for a delivery this process
    /// already has under way to that callback (at most a callback time-out). Returns how many undelivered messages
    /// were discarded.
    /// </summary>
    public async Task<int> UnsubscribeAsync(Subscription? subscription, CancellationToken cancellationToken)
    {
        if (subscription is null)
        {
            return 0;
        }

        await subscriptions.DeleteAsync(subscription, cancellationToken);
        var receiverId = subscription.ReceiverId;
        var discarded = await messages.DiscardAllAsync(receiverId, cancellationToken);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(options.Value.CallbackTimeoutSeconds + 1);
        while (_inFlight.ContainsKey(receiverId) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        return discarded;
    }

    private enum Outcome
    {
        Delivered,
        Retry,
        DeadLettered,
    }

    private async Task<Outcome> DeliverAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        string failure;
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.CallbackTimeoutSeconds));
            using var content = new StringContent(message.Payload, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(message.CallbackUrl, content, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                await messages.MarkDeliveredAsync(message, cancellationToken);
                LogDelivered(logger, message.ReceiverId, message.MessageKey, message.Attempts + 1);
                return Outcome.Delivered;
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                await EndSubscriptionAsync(message, (int)response.StatusCode, cancellationToken);
                return Outcome.DeadLettered;
            }

            failure = string.Create(CultureInfo.InvariantCulture, $"callback answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            failure = e is OperationCanceledException ? "callback timed out" : "callback unreachable: " + TransportFailures.Describe(e);
        }

        if (message.Attempts + 1 >= settings.MaxAttempts)
        {
            await messages.DeadLetterAsync(message, failure, cancellationToken);
            LogDeadLettered(logger, message.ReceiverId, message.MessageKey, message.Attempts + 1, failure);
            return Outcome.DeadLettered;
        }

        var delay = Backoff(message.Attempts, settings);
        await messages.ScheduleRetryAsync(message, delay, failure, cancellationToken);
        LogRetry(logger, message.ReceiverId, message.MessageKey, message.Attempts + 1, failure, delay.TotalSeconds);
        return Outcome.Retry;
    }

    /// <summary>Exponential backoff with "equal jitter": half the doubled delay fixed, half random.</summary>
    internal static TimeSpan Backoff(int attemptsSoFar, WebhookOptions settings)
    {
        var ceiling = Math.Min(settings.MaxDelaySeconds, settings.BaseDelaySeconds * Math.Pow(2, Math.Min(attemptsSoFar, 30)));
        return TimeSpan.FromSeconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private async Task EndSubscriptionAsync(InboundMessage message, int status, CancellationToken cancellationToken)
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"callback answered {status}: subscription ended");
        await messages.DeadLetterAsync(message, reason, cancellationToken);
        foreach (var provider in new[] { ClickSend.ClickSendInboundApi.SubscriptionKind, ClickSend.ClickSendReceiptTriggerApi.SubscriptionKind, Clipsan.ClipsanNotificationsApi.SubscriptionKind })
        {
            if (await subscriptions.FindByReceiverAsync(provider, message.ReceiverId, cancellationToken) is { } subscription)
            {
                await subscriptions.DeleteAsync(subscription, cancellationToken);
            }
        }

        LogSubscriptionEnded(logger, message.ReceiverId, status);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {ReceiverId}/{MessageKey} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string receiverId, string messageKey, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {ReceiverId}/{MessageKey} failed on attempt {Attempt} ({Failure}); retry in {DelaySeconds:F1}s")]
    private static partial void LogRetry(ILogger logger, string receiverId, string messageKey, int attempt, string failure, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered {ReceiverId}/{MessageKey} after {Attempts} attempts ({Failure})")]
    private static partial void LogDeadLettered(ILogger logger, string receiverId, string messageKey, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {ReceiverId} ended: its callback answered {Status}")]
    private static partial void LogSubscriptionEnded(ILogger logger, string receiverId, int status);
}

internal static class TransportFailures
{
    /// <summary>A transport failure in a word for the log: the <see cref="HttpRequestError"/>, or the exception's type.</summary>
    public static string Describe(Exception e) => e is HttpRequestException http ? http.HttpRequestError.ToString() : e.GetType().Name;
}
