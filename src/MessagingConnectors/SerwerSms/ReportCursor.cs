using MessagingConnectors.Storage;
using Azure.Data.Tables;

namespace MessagingConnectors.SerwerSms;

/// <summary>
/// Where the "When a delivery report arrives" trigger stands, carried in its Location URL: which flow (its ledger in Table
/// storage, <see cref="ReportLedger"/>) and which poll of it. Unlike <see cref="ReceivedCursor"/>, what the trigger has
/// delivered cannot ride in the URL: reports turn final up to days after their message was queued, so the set of
/// messages it must remember spans that whole look-back and grows with the account's traffic. The URL stays this small.
/// </summary>
public sealed record ReportCursor(Guid Flow, long Generation)
{
    private const byte Version = 1;

    public string Encode()
    {
        var bytes = new List<byte> { Version };
        bytes.AddRange(Flow.ToByteArray());
        SerwerSmsPolling.WriteVarint(bytes, (ulong)Generation);
        return SerwerSmsPolling.ToText(bytes);
    }

    public static ReportCursor? Decode(string text)
    {
        var bytes = SerwerSmsPolling.FromText(text);
        if (bytes is null || bytes.Length < 18 || bytes[0] != Version)
        {
            return null;
        }

        try
        {
            var at = 17;
            var generation = SerwerSmsPolling.ReadVarint(bytes, ref at);
            return at == bytes.Length && generation is >= 1 and < long.MaxValue ? new ReportCursor(new Guid(bytes.AsSpan(1, 16)), (long)generation) : null;
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>One message status the trigger has noted: its key, the poll that delivered it (0: noted on the first poll, never delivered), when it was queued.</summary>
public sealed record ReportEntry(string Key, long Generation, int Order, DateTimeOffset Queued, string? Payload);

/// <summary>
/// The delivery-report trigger's memory in Table storage, one partition per flow: a row naming the account that owns the
/// flow, and a row per message status noted, with the poll that delivered it and, for a repeated poll, what it delivered.
/// Rows of messages queued before the look-back are dropped as the trigger passes them: SerwerSMS lists them no more.
/// </summary>
public sealed class ReportLedger(TableStore tables)
{
    public const string TableName = "SerwerSmsReportTrigger";

    private const string FlowRow = "flow";
    private const int BatchSize = 100;

    public async Task CreateFlowAsync(Guid flow, string scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        await TableStore.Guard(() => table.AddEntityAsync(new TableEntity(Partition(flow), FlowRow) { ["Scope"] = scope, ["Created"] = now }, cancellationToken));
    }

    /// <summary>Whether the flow exists and belongs to <paramref name="scope"/>: a cursor is no key to another account's reports.</summary>
    public async Task<bool> OwnsAsync(Guid flow, string scope, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var row = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(Partition(flow), FlowRow, cancellationToken: cancellationToken));
        return row.HasValue && string.Equals(row.Value!.GetString("Scope"), scope, StringComparison.Ordinal);
    }

    /// <summary>Every status the flow has noted.</summary>
    public async Task<List<ReportEntry>> EntriesAsync(Guid flow, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(flow)} and RowKey ne {FlowRow}");
        return await TableStore.Guard(async () =>
        {
            var entries = new List<ReportEntry>();
            await foreach (var row in TableStore.QueryEntitiesAsync(table, filter, 1000, cancellationToken))
            {
                entries.Add(new ReportEntry(row.RowKey, row.GetInt64("Generation") ?? 0, row.GetInt32("Order") ?? 0,
                    row.GetDateTimeOffset("Queued") ?? DateTimeOffset.MinValue, row.GetString("Payload")));
            }

            return entries;
        });
    }

    public async Task AddAsync(Guid flow, IEnumerable<ReportEntry> entries, CancellationToken cancellationToken) =>
        await SubmitAsync(flow, entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition(flow), e.Key)
        {
            ["Generation"] = e.Generation,
            ["Order"] = e.Order,
            ["Queued"] = e.Queued,
            ["Payload"] = e.Payload,
        })), cancellationToken);

    public async Task RemoveAsync(Guid flow, IEnumerable<string> keys, CancellationToken cancellationToken) =>
        await SubmitAsync(flow, keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition(flow), k))),
            cancellationToken);

    private async Task SubmitAsync(Guid flow, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableName, cancellationToken);
        foreach (var batch in actions.Chunk(BatchSize))
        {
            await TableStore.Guard(() => table.SubmitTransactionAsync(batch, cancellationToken));
        }
    }

    private static string Partition(Guid flow) => flow.ToString("N");
}
