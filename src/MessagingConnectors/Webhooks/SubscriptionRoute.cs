using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.Webhooks;

/// <summary>The subscription a trigger's unsubscribe and dead-letter calls name in their route, where the app (not the provider) issued its ID.</summary>
public sealed class SubscriptionRoute
{
    [FromRoute(Name = "subscription_id"), Pattern(SubscriptionStore.ReceiverIdPattern, "must be the 32-character ID the subscription answered with."),
     ApiField("Subscription ID", "The trigger's subscription.", Visibility = Visibility.Internal, Example = "0123456789abcdef0123456789abcdef")]
    public string SubscriptionId { get; init; } = "";
}
