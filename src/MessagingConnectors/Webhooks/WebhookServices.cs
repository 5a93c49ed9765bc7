using System.Text.Json.Serialization;
using MessagingConnectors.Hosting;

namespace MessagingConnectors.Webhooks;

/// <summary>What a provider's receiver answers once the notification is stored.</summary>
public sealed record InboundReceipt(
    [property: JsonPropertyName("received")] bool Received,
    [property: JsonPropertyName("duplicate")] bool Duplicate);

/// <summary>
/// Marks a webhook subscribe operation: <c>x-ms-trigger</c>, the payload the flow receives
/// (<c>x-ms-notification-content</c>) and the hint on how to make it fire (<c>x-ms-trigger-hint</c>).
/// </summary>
public sealed record TriggerMetadata(Type Payload, string Description, string Hint);

public static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        // The background worker delivers at once; the timer catches what a stopped instance left.
        services.AddTimerFunction("DeliverInboundMessages", "0 */1 * * * *",
            async (provider, cancellationToken) => (await provider.GetRequiredService<CallbackDelivery>().DeliverDueAsync(cancellationToken)).ToString());
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<InboundMessageStore>();
        services.AddSingleton<AccountReceiverStore>();
        services.AddSingleton<CallbackDelivery>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHttpClient(CallbackDelivery.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CallbackAddresses.GuardedHandler(
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.AllowLoopbackCallbacks))
            .RemoveAllLoggers();
        return services;
    }
}
