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
        // The service client's create, not TableClient.CreateIfNotExistsAsync: that one serializes its request
        // body by reflection, which a Native AOT build does not have.
        await Guard(() => clients.Tables.CreateTableIfNotExistsAsync(name));
        return clients.Tables.GetTableClient(name);
    }

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
