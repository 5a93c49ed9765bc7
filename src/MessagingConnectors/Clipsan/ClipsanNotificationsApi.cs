using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MessagingConnectors.Hosting;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using MessagingConnectors.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MessagingConnectors.Providers;

namespace MessagingConnectors.Clipsan;

/// <summary>
/// The "When a Clipsan contact changes" trigger. Clipsan calls one URL per account (GET, with the
/// contact's <c>{id}</c>, <c>{email}</c>, <c>{pin}</c> and <c>{time}</c> filled in) that its owner
/// pastes into the account details once; every flow subscribed to the account gets each change, stored
/// before Clipsan's call is answered and delivered at least once by the shared webhook machinery.
/// </summary>
public static partial class ClipsanNotificationsApi
{
    /// <summary>The key this trigger's subscriptions are stored under (stored data: never change it).</summary>
    public const string SubscriptionKind = "clipsan";
    private const string SubscriptionsPath = "/api/clipsan/notifications/subscriptions";
    private const string EnrichOption = "enrich";

    public static IEndpointRouteBuilder MapClipsanNotificationsApi(this IEndpointRouteBuilder app)
    {
        // Subscribing and the notification URL act for the caller's Clipsan account; unsubscribing and the receiver do not.
        var account = app.MapGroup("/api/clipsan").WithTags(ClipsanApi.Tag).ProducesProviderProblems().UsesStorage();
        var group = app.MapGroup("/api/clipsan/notifications").WithTags(ClipsanApi.Tag).UsesStorage();

        account.MapPost("/notifications/subscriptions", Subscribe)
            .WithName("ClipsanContactChanged")
            .WithSummary("When a Clipsan contact changes")
            .WithDescription("Starts the flow when a user creates or changes a contact in Clipsan (changes made through the API do not count). " +
                             "Clipsan calls one notification URL per account: get it with Get the Clipsan notification URL and paste it into your " +
                             "Clipsan account details once. Each change reaches the flow at least once, and a repeated call is delivered once.")
            .Validates<ClipsanContactChangedRequest>()
            .WithMetadata(new TriggerMetadata(typeof(ClipsanContactChange), "A contact a user created or changed in Clipsan.",
                "Change a contact in Clipsan (not through the API) to see this trigger fire within a minute."))
            .WithVisibility(Visibility.Important)
            .Produces<ClipsanContactChangedSubscription>(StatusCodes.Status201Created);

        group.MapDelete("/subscriptions/{subscription_id}", Unsubscribe)
            .Validates<SubscriptionRoute>()
            .WithName("DeleteClipsanContactChanged")
            .WithSummary("Delete contact change subscription")
            .WithDescription("Ends a flow's subscription to Clipsan contact changes. Deleting one that is already gone succeeds; " +
                             "the notification URL in Clipsan stays valid for the account's other flows.")
            .WithVisibility(Visibility.Internal);

        // Outside /notifications, so no function route overlaps the receiver's.
        account.MapGet("/notification-url", GetReceiver)
            .WithName("ClipsanGetNotificationUrl")
            .WithSummary("Get the Clipsan notification URL")
            .WithDescription("Returns the notification URL of your Clipsan account, with the secret it carries, and says where to paste it in Clipsan. " +
                             "The URL is the same every time for the same secure key.")
            .WithVisibility(Visibility.Advanced);

        group.MapGet("/{receiver_id}", Receive)
            .WithName("ReceiveClipsanContactChange")
            .WithSummary("Receive a contact change from Clipsan")
            .WithDescription("Called by Clipsan with the account's secret and the contact's id, email, pin and time in the query. " +
                             "Only calls from the configured Clipsan addresses are taken; the change is stored before the answer.")
            .ReceivesProviderCalls();

        return app;
    }

    internal static async Task<Results<Created<ClipsanContactChangedSubscription>, ProblemHttpResult>> Subscribe(
        ClipsanContactChangedRequest request, ClipsanAccount account, HttpContext context, SubscriptionStore subscriptions, AccountReceiverStore receivers,
        IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        if (await CallbackAddresses.CheckAsync(request.CallbackUrl, options.Value.AllowLoopbackCallbacks, cancellationToken) is { } problem)
        {
            return Problems.Validation("callback_url", problem);
        }

        var enrich = request.Enrich == true;
        var receiver = await receivers.GetOrCreateAsync(SubscriptionKind, account.Key, cancellationToken);
        if (enrich)
        {
            await receivers.StoreCredentialAsync(receiver, account.Key, cancellationToken);
        }

        var subscriptionId = SubscriptionStore.NewReceiverId();
        await subscriptions.AddActiveAsync(new Subscription(SubscriptionKind, subscriptionId, receiver.SecretHash, request.CallbackUrl!, null,
            receiver.ReceiverId, enrich ? EnrichOption : null), cancellationToken);

        var (url, instructions) = Describe(context, options.Value, receiver);
        return TypedResults.Created($"{options.Value.PublicBase(context)}{SubscriptionsPath}/{subscriptionId}",
            new ClipsanContactChangedSubscription(subscriptionId, enrich, url, receiver.Secret, instructions));
    }

    internal static async Task<Ok<ClipsanUnsubscribeResult>> Unsubscribe(
        [AsParameters] SubscriptionRoute route, SubscriptionStore subscriptions, CallbackDelivery delivery, CancellationToken cancellationToken)
    {
        var subscriptionId = route.SubscriptionId;
        var discarded = await delivery.UnsubscribeAsync(
            await subscriptions.FindByReceiverAsync(SubscriptionKind, subscriptionId, cancellationToken), cancellationToken);

        return TypedResults.Ok(new ClipsanUnsubscribeResult(subscriptionId, true, discarded));
    }

    internal static async Task<Ok<ClipsanNotificationReceiver>> GetReceiver(
        ClipsanAccount account, HttpContext context, AccountReceiverStore receivers, IOptions<WebhookOptions> options,
        CancellationToken cancellationToken)
    {
        var receiver = await receivers.GetOrCreateAsync(SubscriptionKind, account.Key, cancellationToken);
        var (url, instructions) = Describe(context, options.Value, receiver);
        return TypedResults.Ok(new ClipsanNotificationReceiver(url, receiver.Secret, instructions));
    }

    /// <summary>
    /// Clipsan's call for one change. A caller outside the configured addresses, an unknown receiver or
    /// a wrong secret: 404 and nothing stored. Otherwise the change is stored for every subscription of
    /// the account (once per id, time, email and pin) before the 200.
    /// </summary>
    internal static async Task<IResult> Receive(
        [FromRoute(Name = "receiver_id")] string receiverId, HttpContext context, AccountReceiverStore receivers,
        SubscriptionStore subscriptions, InboundMessageStore messages, CallbackDelivery delivery, ClipsanClient clipsan,
        IOptions<ClipsanOptions> clipsanOptions, IConfiguration configuration, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ClipsanNotificationsApi).FullName!);
        // A refused call gets the answer of a path no endpoint serves: a caller learns nothing of what exists.
        var notFound = Problems.ForStatus(StatusCodes.Status404NotFound);
        if (!SubscriptionStore.IsReceiverId(receiverId))
        {
            return notFound;
        }

        var settings = clipsanOptions.Value;
        var caller = CallerAddresses.Caller(context, settings.TrustForwardedFor ?? FunctionsHost.IsHosting(configuration));
        if (!CallerAddresses.Parse(settings.NotificationCallers, "Clipsan:NotificationCallers").Allows(caller))
        {
            LogRefusedCaller(logger, caller?.ToString() ?? "unknown");
            return notFound;
        }

        var query = context.Request.Query;
        var secret = query["secret"].ToString();
        var receiver = await receivers.FindAsync(SubscriptionKind, receiverId, cancellationToken);
        if (receiver is null || !SubscriptionStore.SecretMatches(secret, receiver.SecretHash))
        {
            return notFound;
        }

        var change = new ClipsanContactChange
        {
            Id = Value(query, "id"),
            Email = Value(query, "email"),
            Pin = Value(query, "pin"),
            Time = Value(query, "time"),
            ReceivedAt = time.GetUtcNow(),
        };
        if (Invalid(change) is { } invalid)
        {
            return invalid;
        }

        var listeners = await subscriptions.ListByAccountAsync(SubscriptionKind, receiverId, cancellationToken);
        if (listeners.Count == 0)
        {
            LogNoSubscribers(logger, receiverId);
            return TypedResults.Ok(new InboundReceipt(false, false));
        }

        var plain = JsonSerializer.Serialize(change, ClipsanJsonContext.Default.ClipsanContactChange);
        var enriched = plain;
        if (listeners.Any(s => s.Options == EnrichOption))
        {
            await EnrichAsync(change, receiver, secret, clipsan, cancellationToken);
            enriched = JsonSerializer.Serialize(change, ClipsanJsonContext.Default.ClipsanContactChange);
        }

        var key = MessageKey(change);
        var stored = 0;
        foreach (var subscription in listeners)
        {
            var payload = subscription.Options == EnrichOption ? enriched : plain;
            stored += await messages.TryAddAsync(subscription.ReceiverId, key, payload, subscription.CallbackUrl, cancellationToken) ? 1 : 0;
        }

        if (stored > 0)
        {
            delivery.Nudge();
        }

        LogReceived(logger, receiverId, stored, listeners.Count);
        return TypedResults.Ok(new InboundReceipt(true, stored == 0));
    }

    /// <summary>
    /// The row key of a change in each subscription's partition: a repeat of the same call (same id and
    /// time) is stored once, while the two calls of an email or birth number change (old and new value)
    /// are two changes. Hashed, so the birth number is not in the key. Without a time nothing is a repeat.
    /// </summary>
    internal static string MessageKey(ClipsanContactChange change)
    {
        if (change.Time is null)
        {
            return "n-" + Guid.NewGuid().ToString("N");
        }

        var identity = string.Join('\n', change.Id ?? "", change.Time, change.Email ?? "", change.Pin ?? "");
        return "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    private static async Task EnrichAsync(ClipsanContactChange change, StoredAccountReceiver receiver, string secret, ClipsanClient clipsan,
        CancellationToken cancellationToken)
    {
        if (AccountReceiverStore.OpenCredential(receiver, secret) is not { } key)
        {
            change.LeadError = "no secure key is kept for this account: subscribe again with Include Lead Details";
            return;
        }

        var identifier = change.Id is { } id && id.All(char.IsAsciiDigit) ? new ClipsanLeadIdentifier(ClipsanLeadIdentifier.Id, id)
            : change.Email is { } email ? new ClipsanLeadIdentifier(ClipsanLeadIdentifier.Email, email)
            : new ClipsanLeadIdentifier(ClipsanLeadIdentifier.Pin, change.Pin!);
        try
        {
            var view = await clipsan.ViewLeadAsync(ClipsanAccount.FromKey(key), identifier, cancellationToken);
            change.Lead = view.Lead;
        }
        catch (ProviderException e)
        {
            // The change itself is kept: the flow learns why the details are missing.
            change.LeadError = e.ProviderCode ?? e.Title;
        }
    }

    private static ProblemHttpResult? Invalid(ClipsanContactChange change)
    {
        if (change.Id is null && change.Email is null && change.Pin is null)
        {
            return Problems.Validation("id", "is required unless email or pin is given: put {id} in the notification URL.");
        }

        if (change.Id is not null && (change.Id.Length > 18 || !change.Id.All(char.IsAsciiDigit)))
        {
            return Problems.Validation("id", "must be Clipsan's numeric lead ID.");
        }

        foreach (var (field, value) in new[] { ("email", change.Email), ("pin", change.Pin), ("time", change.Time) })
        {
            if (value is not null && (value.Length > ClipsanRules.MaxText || value.Any(char.IsControl)))
            {
                return Problems.Validation(field, "must be at most 255 characters without control characters.");
            }
        }

        return null;
    }

    /// <summary>A query value, or null when empty or left as the literal placeholder (a URL tried out by hand).</summary>
    private static string? Value(IQueryCollection query, string name)
    {
        var value = query[name].ToString().Trim();
        return value.Length == 0 || value == "{" + name + "}" ? null : value;
    }

    private static (string Url, string Instructions) Describe(HttpContext context, WebhookOptions options, AccountReceiver receiver)
    {
        var url = $"{options.PublicBase(context)}/api/clipsan/notifications/{receiver.ReceiverId}?secret={Uri.EscapeDataString(receiver.Secret)}" +
                  "&id={id}&email={email}&pin={pin}&time={time}";
        var instructions = $"In Clipsan, open your account details and paste {url} as the address for contact change notifications " +
                           "(Upozornění při změně kontaktu), exactly as it is: Clipsan replaces {id}, {email}, {pin} and {time} with the contact's values. " +
                           "The URL is the same for every flow on this account and carries its secret, so keep it private.";
        return (url, instructions);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Clipsan notification from {Caller}: not one of Clipsan:NotificationCallers")]
    private static partial void LogRefusedCaller(ILogger logger, string caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clipsan notification for {ReceiverId}: no flow subscribes to this account")]
    private static partial void LogNoSubscribers(ILogger logger, string receiverId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clipsan notification for {ReceiverId} stored for {Stored} of {Subscriptions} subscriptions")]
    private static partial void LogReceived(ILogger logger, string receiverId, int stored, int subscriptions);
}
