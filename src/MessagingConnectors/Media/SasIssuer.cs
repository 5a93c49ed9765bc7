using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Media;

/// <summary>
/// Read-only SAS URLs for stored files. With an account key (connection string, Azurite) a service SAS
/// signed with the key; with managed identity (the storage account allows no shared key) a user
/// delegation SAS signed with a user delegation key, which is fetched once and reused for a day.
/// </summary>
public sealed class SasIssuer : IDisposable
{
    /// <summary>A user delegation key is valid for at most 7 days; ask for a bit less and renew daily.</summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(7) - TimeSpan.FromHours(1);
    private static readonly TimeSpan KeyRenewal = TimeSpan.FromDays(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> _keySource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _key;
    private DateTimeOffset _keyFetched;

    public SasIssuer(StorageClients storage, TimeProvider time)
        : this(storage.UsesManagedIdentity, time, async (start, end, ct) => (await storage.Blobs.GetUserDelegationKeyAsync(start, end, ct)).Value)
    {
    }

    internal SasIssuer(bool usesManagedIdentity, TimeProvider time, Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> keySource)
    {
        UsesUserDelegation = usesManagedIdentity;
        _time = time;
        _keySource = keySource;
    }

    /// <summary>True when URLs are signed with a user delegation key (managed identity), false for a service SAS (account key).</summary>
    public bool UsesUserDelegation { get; }

    /// <summary>A URL that reads <paramref name="blob"/> until <paramref name="expiresOn"/> (earlier if the signing key expires first).</summary>
    public async Task<(Uri Url, DateTimeOffset ExpiresOn)> ReadUrlAsync(BlobClient blob, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var builder = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        builder.SetPermissions(BlobSasPermissions.Read);

        if (!UsesUserDelegation)
        {
            builder.ExpiresOn = TrimToSeconds(expiresOn);
            return (blob.GenerateSasUri(builder), builder.ExpiresOn);
        }

        var key = await KeyAsync(now, cancellationToken);
        builder.ExpiresOn = TrimToSeconds(expiresOn < key.SignedExpiresOn ? expiresOn : key.SignedExpiresOn);
        var uri = new BlobUriBuilder(blob.Uri) { Sas = builder.ToSasQueryParameters(key, blob.AccountName) };
        return (uri.ToUri(), builder.ExpiresOn);
    }

    private async Task<UserDelegationKey> KeyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_key is { } cached && now - _keyFetched < KeyRenewal)
        {
            return cached;
        }

        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_key is null || now - _keyFetched >= KeyRenewal)
            {
                _key = await _keySource(now - ClockSkew, now + KeyLifetime, cancellationToken);
                _keyFetched = now;
            }

            return _key;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    public void Dispose() => _keyLock.Dispose();

    private static DateTimeOffset TrimToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);
}
