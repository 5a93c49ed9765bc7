using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using MessagingConnectors.Hosting;

namespace MessagingConnectors.Storage;

/// <summary>
/// Hands out table clients, creating each table once per process on first use, and turns
/// "storage cannot be reached" into <see cref="StorageUnavailableException"/> for a 503.
/// </summary>
public sealed class TableStore(StorageClients clients)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public async Task<TableClient> GetTableAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        // CreateTable with the conflict caught: one request whether or not the table exists.
        try
        {
            await Guard(() => clients.Tables.CreateTableAsync(name));
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
        }

        return clients.Tables.GetTableClient(name);
    }

    /// <summary>The rows a filter matches.</summary>
    public static IAsyncEnumerable<TableEntity> QueryEntitiesAsync(TableClient table, string filter, int? maxPerPage = null,
        CancellationToken cancellationToken = default) =>
        table.QueryAsync<TableEntity>(filter, maxPerPage, cancellationToken: cancellationToken);

    /// <summary>Runs a storage call; transport failures and server errors become <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException("Table or Blob storage cannot be reached; nothing was done. Retry later.", e);
        }
    }

    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 or >= 500 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        HttpRequestException or TimeoutException or IOException => true,
        OperationCanceledException => false,
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
