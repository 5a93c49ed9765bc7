using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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
        // CreateTable with the conflict caught, not either CreateIfNotExists: those serialize their request body by
        // reflection, which the Native AOT build does not have (PackagedAppTests).
        try
        {
            await Guard(() => clients.Tables.CreateTableAsync(name));
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
        }

        return clients.Tables.GetTableClient(name);
    }

    /// <summary>
    /// The rows a filter matches, read through <see cref="PropertyBag"/>: <c>QueryAsync&lt;TableEntity&gt;</c> would need
    /// generic code the Native AOT build does not have (PackagedAppTests).
    /// </summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(PropertyBag))]
    public static async IAsyncEnumerable<TableEntity> QueryEntitiesAsync(TableClient table, string filter, int? maxPerPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in table.QueryAsync<PropertyBag>(filter, maxPerPage, cancellationToken: cancellationToken))
        {
            yield return row.ToTableEntity();
        }
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
