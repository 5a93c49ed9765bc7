using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Webhooks;

/// <summary>
/// A flow's webhook subscription: where its notifications go, the provider rule that feeds it, the
/// account it listens to, and the trigger's options (provider-specific, e.g. Clipsan's "enrich").
/// </summary>
public sealed record Subscription(string Provider, string ReceiverId, string SecretHash, string CallbackUrl, string? RuleId, string? Account,
    string? Options = null);

/// <summary>
/// Subscriptions in Table storage, one partition per provider: the subscription under
/// <c>receiver:{id}</c> (found by the receiver URL) and an index under <c>rule:{id}</c> (found by
/// the unsubscribe URL). Both are written and deleted in one transaction.
/// </summary>
public sealed class SubscriptionStore(TableStore tables, TimeProvider time)
{
    public const string TableName = "Subscriptions";

    public static string NewReceiverId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="value"/> has the form of a receiver ID (32 lowercase hex digits), before any lookup.</summary>
    /// <summary>What a receiver or subscription id looks like (32 lower-case hex digits), for checks and the document alike.</summary>
    public const string ReceiverIdPattern = "^[0-9a-f]{32}$";

    public static bool IsReceiverId(string? value) => value is { Length: 32 } && value.All(char.IsAsciiHexDigitLower);

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares a presented secret with the stored hash in constant time.</summary>
    public static bool SecretMatches(string? presented, string storedHash) =>
        presented is { Length: > 0 and < 200 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(presented)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>Stores a subscription before its provider rule exists, so a notification that arrives at once is kept.</summary>
    public async Task AddPendingAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        await TableStore.Guard(() => table.AddEntityAsync(ToEntity(subscription, "pending"), cancellationToken));
    }

    /// <summary>Stores a subscription that needs no provider rule: it is active at once.</summary>
    public async Task AddActiveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        await TableStore.Guard(() => table.AddEntityAsync(ToEntity(subscription, "active"), cancellationToken));
    }

    /// <summary>Every subscription of one provider account: the flows a per-account notification fans out to.</summary>
    public async Task<IReadOnlyList<Subscription>> ListByAccountAsync(string provider, string account, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {provider} and RowKey ge {"receiver:"} and RowKey lt {"receiver;"} and Account eq {account}");
        return await TableStore.Guard(async () =>
        {
            var found = new List<Subscription>();
            await foreach (var entity in TableStore.QueryEntitiesAsync(table, filter, cancellationToken: cancellationToken))
            {
                found.Add(FromEntity(entity));
            }

            return found;
        });
    }

    /// <summary>Records the provider rule and its index in one transaction.</summary>
    public async Task ActivateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var index = new TableEntity(subscription.Provider, RuleKey(subscription.RuleId!)) { ["ReceiverId"] = subscription.ReceiverId };
        await TableStore.Guard(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(subscription, "active"), ETag.All),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, index),
        ], cancellationToken));
    }

    public async Task<Subscription?> FindByReceiverAsync(string provider, string receiverId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var found = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(provider, ReceiverKey(receiverId), cancellationToken: cancellationToken));
        return found.HasValue && found.Value is { } entity ? FromEntity(entity) : null;
    }

    public async Task<Subscription?> FindByRuleAsync(string provider, string ruleId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var index = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(provider, RuleKey(ruleId), cancellationToken: cancellationToken));
        return index.HasValue && index.Value?.GetString("ReceiverId") is { } receiverId
            ? await FindByReceiverAsync(provider, receiverId, cancellationToken)
            : null;
    }

    /// <summary>Deletes the subscription and its index; deleting what is already gone is fine.</summary>
    public async Task DeleteAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        await DeleteQuietly(table, subscription.Provider, ReceiverKey(subscription.ReceiverId), cancellationToken);
        if (subscription.RuleId is not null)
        {
            await DeleteQuietly(table, subscription.Provider, RuleKey(subscription.RuleId), cancellationToken);
        }
    }

    private static async Task DeleteQuietly(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await TableStore.Guard(() => table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    private static string ReceiverKey(string receiverId) => "receiver:" + receiverId;

    private static string RuleKey(string ruleId) => "rule:" + ruleId;

    private TableEntity ToEntity(Subscription subscription, string state) => new(subscription.Provider, ReceiverKey(subscription.ReceiverId))
    {
        ["SecretHash"] = subscription.SecretHash,
        ["CallbackUrl"] = subscription.CallbackUrl,
        ["RuleId"] = subscription.RuleId,
        ["Account"] = subscription.Account,
        ["Options"] = subscription.Options,
        ["State"] = state,
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static Subscription FromEntity(TableEntity entity) => new(
        entity.PartitionKey, entity.RowKey["receiver:".Length..], entity.GetString("SecretHash") ?? "",
        entity.GetString("CallbackUrl") ?? "", entity.GetString("RuleId"), entity.GetString("Account"),
        entity.GetString("Options"));
}
