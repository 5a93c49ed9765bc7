using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Data.Tables;

namespace MessagingConnectors.Storage;

/// <summary>
/// What queries read rows into. <c>TableClient.QueryAsync&lt;T&gt;</c> binds the public properties of <c>T</c> and of
/// <see cref="ITableEntity"/> through generic types made at run time, which a Native AOT build has only for the
/// instantiations compiled ahead of time (<c>NativeAot.rd.xml</c>: ITableEntity's Timestamp and ETag). TableEntity would
/// add its own (Count, IsReadOnly, ...); this type has no public properties, and the client fills it as a dictionary.
/// </summary>
internal sealed class PropertyBag : ITableEntity, IDictionary<string, object>
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    /// <summary>The row as the app's entity type; <see cref="TableEntity"/> reads its keys, timestamp and ETag from the same entries.</summary>
    public TableEntity ToTableEntity() => new(_values);

    string ITableEntity.PartitionKey { get => (string)_values["PartitionKey"]; set => _values["PartitionKey"] = value; }
    string ITableEntity.RowKey { get => (string)_values["RowKey"]; set => _values["RowKey"] = value; }
    DateTimeOffset? ITableEntity.Timestamp { get => _values.GetValueOrDefault("Timestamp") as DateTimeOffset?; set => _values["Timestamp"] = value!; }
    ETag ITableEntity.ETag { get => _values.GetValueOrDefault("odata.etag") is string etag ? new(etag) : default; set => _values["odata.etag"] = value.ToString(); }

    object IDictionary<string, object>.this[string key] { get => _values[key]; set => _values[key] = value; }
    ICollection<string> IDictionary<string, object>.Keys => _values.Keys;
    ICollection<object> IDictionary<string, object>.Values => _values.Values;
    int ICollection<KeyValuePair<string, object>>.Count => _values.Count;
    bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;
    void IDictionary<string, object>.Add(string key, object value) => _values.Add(key, value);
    bool IDictionary<string, object>.ContainsKey(string key) => _values.ContainsKey(key);
    bool IDictionary<string, object>.Remove(string key) => _values.Remove(key);
    bool IDictionary<string, object>.TryGetValue(string key, [MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);
    void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => _values.Add(item.Key, item.Value);
    void ICollection<KeyValuePair<string, object>>.Clear() => _values.Clear();
    bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) => ((ICollection<KeyValuePair<string, object>>)_values).Contains(item);
    void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object>>)_values).CopyTo(array, arrayIndex);
    bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) => ((ICollection<KeyValuePair<string, object>>)_values).Remove(item);
    IEnumerator<KeyValuePair<string, object>> IEnumerable<KeyValuePair<string, object>>.GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}
