using Azure;
using Azure.Data.Tables;
using MessagingConnectors.Storage;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.Idempotency;

/// <summary>Settings under <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a repeat waits for the first request with its key to finish before it gets 409.</summary>
    public double WaitSeconds { get; set; } = 10;

    /// <summary>A claim older than this without an outcome belonged to a process that died mid-send: its outcome is unknown.</summary>
    public double PendingTimeoutSeconds { get; set; } = 300;

    /// <summary>How long an outcome is replayed; after that the key may be used again.</summary>
    public double RetentionHours { get; set; } = 24;
}

/// <summary>
/// Outcomes of sends in Table storage, keyed by operation and hashed key. A first request
/// claims its key with one insert and records its outcome with one update: two round trips.
/// </summary>
public sealed class IdempotencyStore(TableStore tables, TimeProvider time, IOptions<IdempotencyOptions> options)
{
    public const string TableName = "Idempotency";
    private const int ChunkSize = 60 * 1024;
    private const int MaxChunks = 15;

    public abstract record Claim;

    public sealed record Started(ETag ETag) : Claim;

    public sealed record Completed(StoredResponse Response, string BodyHash) : Claim;

    public sealed record InProgress(DateTimeOffset Since, bool Abandoned) : Claim;

    public async Task<Claim> ClaimAsync(string operation, string rowKey, string bodyHash, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var now = time.GetUtcNow();
        var claim = new TableEntity(operation, rowKey)
        {
            ["State"] = "pending",
            ["BodyHash"] = bodyHash,
            ["StartedAt"] = now,
        };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var added = await TableStore.Guard(() => table.AddEntityAsync(claim, cancellationToken));
                return new Started(added.Headers.ETag ?? ETag.All);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                var existing = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(operation, rowKey, cancellationToken: cancellationToken));
                if (!existing.HasValue || existing.Value is null)
                {
                    continue; // released between our insert and read: try to claim again
                }

                var entity = existing.Value;
                var expired = entity.GetDateTimeOffset("StartedAt") is { } started
                              && now - started > TimeSpan.FromHours(options.Value.RetentionHours);
                if (expired)
                {
                    try
                    {
                        var replaced = await TableStore.Guard(() => table.UpdateEntityAsync(claim, entity.ETag, TableUpdateMode.Replace, cancellationToken));
                        return new Started(replaced.Headers.ETag ?? ETag.All);
                    }
                    catch (RequestFailedException conflict) when (conflict.Status == 412)
                    {
                        continue;
                    }
                }

                return Interpret(entity, now);
            }
        }

        return new InProgress(now, Abandoned: false);
    }

    public async Task<Claim?> ReadAsync(string operation, string rowKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var existing = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(operation, rowKey, cancellationToken: cancellationToken));
        return existing.HasValue && existing.Value is not null ? Interpret(existing.Value, time.GetUtcNow()) : null;
    }

    public async Task CompleteAsync(string operation, string rowKey, string bodyHash, ETag etag, StoredResponse response, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var entity = new TableEntity(operation, rowKey)
        {
            ["State"] = "done",
            ["BodyHash"] = bodyHash,
            ["StartedAt"] = time.GetUtcNow(),
            ["Status"] = response.Status,
            ["ContentType"] = response.ContentType,
            ["RetryAfter"] = response.RetryAfter,
        };

        var compressed = StoredResponse.Compress(response.Body);
        var chunks = (compressed.Length + ChunkSize - 1) / ChunkSize;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException("The response is too large to keep for replay.");
        }

        entity["Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[$"Body{i}"] = compressed.AsSpan(i * ChunkSize, Math.Min(ChunkSize, compressed.Length - (i * ChunkSize))).ToArray();
        }

        await TableStore.Guard(() => table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken));
    }

    /// <summary>Gives the key back when the send provably did not happen, so a retry may send.</summary>
    public async Task ReleaseAsync(string operation, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        await TableStore.Guard(() => table.DeleteEntityAsync(operation, rowKey, etag, cancellationToken));
    }

    private Claim Interpret(TableEntity entity, DateTimeOffset now)
    {
        var started = entity.GetDateTimeOffset("StartedAt") ?? now;
        if (entity.GetString("State") != "done")
        {
            return new InProgress(started, now - started > TimeSpan.FromSeconds(options.Value.PendingTimeoutSeconds));
        }

        var chunks = entity.GetInt32("Chunks") ?? 0;
        using var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            compressed.Write(entity.GetBinary($"Body{i}"));
        }

        var body = chunks == 0 ? [] : StoredResponse.Decompress(compressed.ToArray());
        var response = new StoredResponse(entity.GetInt32("Status") ?? 200, entity.GetString("ContentType"), entity.GetString("RetryAfter"), body);
        return new Completed(response, entity.GetString("BodyHash") ?? "");
    }
}
