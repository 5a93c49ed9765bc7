using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Webhooks;

/// <summary>One received notification and the state of its delivery to the subscriber's callback.</summary>
public sealed record InboundMessage(
    string ReceiverId,
    string MessageKey,
    string Payload,
    string CallbackUrl,
    string State,
    int Attempts,
    string? LastError,
    DateTimeOffset ReceivedAt,
    ETag ETag);

/// <summary>
/// Inbound notifications in Table storage, written before the provider gets its 2xx: partition =
/// subscription, row = the provider's message id, so a repeat of the same message is stored once.
/// Delivery state lives on the same row; a worker claims a row (ETag) before it calls the callback.
/// </summary>
public sealed class InboundMessageStore(TableStore tables, TimeProvider time)
{
    public const string TableName = "InboundMessages";

    public static class States
    {
        public const string Pending = "pending";
        public const string Delivering = "delivering";
        public const string Delivered = "delivered";
        public const string Dead = "dead";
    }

    /// <summary>Row key for a provider message id: the id itself when it is table-safe, else its hash.</summary>
    public static string MessageKey(string providerMessageId) =>
        providerMessageId.Length is > 0 and <= 128 && providerMessageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? providerMessageId
            : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(providerMessageId)));

    /// <summary>Stores a notification; false when the same message was stored before.</summary>
    public async Task<bool> TryAddAsync(string receiverId, string messageKey, string payload, string callbackUrl, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var now = time.GetUtcNow();
        var entity = new TableEntity(receiverId, messageKey)
        {
            ["Payload"] = payload,
            ["CallbackUrl"] = callbackUrl,
            ["State"] = States.Pending,
            ["Attempts"] = 0,
            ["NextAttemptAt"] = now,
            ["ReceivedAt"] = now,
        };
        try
        {
            await TableStore.Guard(() => table.AddEntityAsync(entity, cancellationToken));
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Messages whose delivery is due: pending ones past their next attempt, and claims abandoned by a crashed worker.</summary>
    public async Task<IReadOnlyList<InboundMessage>> DueAsync(int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter(
            $"(State eq {States.Pending} and NextAttemptAt le {now}) or (State eq {States.Delivering} and ClaimedUntil le {now})");
        return await TableStore.Guard(async () =>
        {
            var due = new List<InboundMessage>();
            await foreach (var entity in TableStore.QueryEntitiesAsync(table, filter, max, cancellationToken))
            {
                due.Add(FromEntity(entity));
                if (due.Count >= max)
                {
                    break;
                }
            }

            return due;
        });
    }

    /// <summary>Reserves a message for one delivery attempt; null when another worker got it first.</summary>
    public async Task<InboundMessage?> TryClaimAsync(InboundMessage message, TimeSpan claim, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var entity = new TableEntity(message.ReceiverId, message.MessageKey)
        {
            ["State"] = States.Delivering,
            ["ClaimedUntil"] = time.GetUtcNow() + claim,
        };
        try
        {
            var updated = await TableStore.Guard(() => table.UpdateEntityAsync(entity, message.ETag, TableUpdateMode.Merge, cancellationToken));
            return message with { State = States.Delivering, ETag = updated.Headers.ETag ?? message.ETag };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    public Task MarkDeliveredAsync(InboundMessage message, CancellationToken cancellationToken) =>
        Update(message, cancellationToken, ("State", States.Delivered), ("Attempts", message.Attempts + 1), ("DeliveredAt", time.GetUtcNow()));

    public Task ScheduleRetryAsync(InboundMessage message, TimeSpan delay, string error, CancellationToken cancellationToken) =>
        Update(message, cancellationToken, ("State", States.Pending), ("Attempts", message.Attempts + 1),
            ("NextAttemptAt", time.GetUtcNow() + delay), ("LastError", error));

    public Task DeadLetterAsync(InboundMessage message, string error, CancellationToken cancellationToken) =>
        Update(message, cancellationToken, ("State", States.Dead), ("Attempts", message.Attempts + 1), ("LastError", error));

    public async Task<IReadOnlyList<InboundMessage>> DeadLettersAsync(string receiverId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {receiverId} and State eq {States.Dead}");
        return await TableStore.Guard(async () =>
        {
            var dead = new List<InboundMessage>();
            await foreach (var entity in TableStore.QueryEntitiesAsync(table, filter, cancellationToken: cancellationToken))
            {
                dead.Add(FromEntity(entity));
            }

            return dead;
        });
    }

    public async Task<IReadOnlyList<InboundMessage>> AllAsync(string receiverId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {receiverId}");
        return await TableStore.Guard(async () =>
        {
            var all = new List<InboundMessage>();
            await foreach (var entity in TableStore.QueryEntitiesAsync(table, filter, cancellationToken: cancellationToken))
            {
                all.Add(FromEntity(entity));
            }

            return all;
        });
    }

    /// <summary>
    /// Removes every message of an ended subscription, delivered or not, and says how many had not been delivered
    /// (waiting, being delivered or dead-lettered). Once a row is gone no worker can claim it, and a worker that holds
    /// a claim finds its row missing when it records the outcome.
    /// </summary>
    public async Task<int> DiscardAllAsync(string receiverId, CancellationToken cancellationToken)
    {
        var undelivered = 0;
        foreach (var message in await AllAsync(receiverId, cancellationToken))
        {
            var table = await tables.GetTableAsync(TableName, cancellationToken);
            await TableStore.Guard(() => table.DeleteEntityAsync(message.ReceiverId, message.MessageKey, ETag.All, cancellationToken));
            undelivered += message.State == States.Delivered ? 0 : 1;
        }

        return undelivered;
    }

    /// <summary>
    /// Records a delivery outcome on the claimed row. A row changed since the claim (another worker took over an
    /// expired claim) or removed (its subscription was deleted) is no longer this worker's to record.
    /// </summary>
    private async Task Update(InboundMessage message, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var entity = new TableEntity(message.ReceiverId, message.MessageKey);
        foreach (var (name, value) in values)
        {
            entity[name] = value;
        }

        try
        {
            await TableStore.Guard(() => table.UpdateEntityAsync(entity, message.ETag, TableUpdateMode.Merge, cancellationToken));
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }

    private static InboundMessage FromEntity(TableEntity entity) => new(
        entity.PartitionKey, entity.RowKey, entity.GetString("Payload") ?? "{}", entity.GetString("CallbackUrl") ?? "",
        entity.GetString("State") ?? States.Pending, entity.GetInt32("Attempts") ?? 0, entity.GetString("LastError"),
        entity.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue, entity.ETag);
}
