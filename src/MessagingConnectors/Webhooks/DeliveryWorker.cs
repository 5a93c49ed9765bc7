using MessagingConnectors.Hosting;
using Microsoft.Extensions.Options;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Webhooks;

/// <summary>Delivers as soon as a notification is stored, and sweeps for due retries; claims keep it from racing the timer function.</summary>
internal sealed partial class DeliveryWorker(CallbackDelivery delivery, IOptions<WebhookOptions> options, ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundDelivery)
        {
            return;
        }

        // Waits before the first sweep too: messages left from before a restart can wait one sweep interval, while
        // the process's first seconds belong to answering the host (a sweep then competes for the JIT and storage).
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var sweep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                sweep.CancelAfter(TimeSpan.FromSeconds(options.Value.SweepSeconds));
                try
                {
                    await delivery.Signals.ReadAsync(sweep.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }

            try
            {
                await delivery.DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is StorageUnavailableException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery sweep failed: {Failure}")]
    private static partial void LogSweepFailed(ILogger logger, string failure);
}
