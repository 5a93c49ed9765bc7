using System.Web;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MessagingConnectors.Media;
using MessagingConnectors.Storage;
using Microsoft.Extensions.Configuration;

namespace MessagingConnectors.Tests.Media;

public class SasIssuerTests
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private static StorageClients Storage(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public async Task A_connection_string_gives_a_service_sas_signed_with_the_account_key()
    {
        var storage = Storage(new() { ["AzureWebJobsStorage"] = ConnectionString });
        using var issuer = new SasIssuer(storage, TimeProvider.System);
        Assert.False(issuer.UsesUserDelegation);

        var blob = storage.Blobs.GetBlobContainerClient("media").GetBlobClient("media_0123456789abcdef0123456789abcdef");
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);
        var (url, signedExpiry) = await issuer.ReadUrlAsync(blob, expires, CancellationToken.None);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.NotNull(query["sig"]);
        Assert.Null(query["skoid"]);
        Assert.InRange(signedExpiry, expires.AddSeconds(-1), expires);
    }

    [Fact]
    public async Task Managed_identity_gives_a_user_delegation_sas_and_reuses_the_key()
    {
        var storage = Storage(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://account.blob.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://account.table.core.windows.net",
        });
        Assert.True(storage.UsesManagedIdentity);
        var calls = 0;
        var now = DateTimeOffset.UtcNow;
        using var issuer = new SasIssuer(storage.UsesManagedIdentity, TimeProvider.System, (start, end, _) =>
        {
            calls++;
            Assert.True(end - start <= TimeSpan.FromDays(7));
            return Task.FromResult(BlobsModelFactory.UserDelegationKey(
                "object-id", "tenant-id", start, end, "b", "2025-01-05", Convert.ToBase64String(new byte[32])));
        });
        Assert.True(issuer.UsesUserDelegation);

        var blob = storage.Blobs.GetBlobContainerClient("media").GetBlobClient("media_0123456789abcdef0123456789abcdef");
        var (url, _) = await issuer.ReadUrlAsync(blob, now.AddHours(1), CancellationToken.None);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("r", query["sp"]);
        Assert.Equal("object-id", query["skoid"]);
        Assert.Equal("tenant-id", query["sktid"]);
        Assert.Equal("https", query["spr"]);

        // A file kept longer than the key: the URL ends when the key does.
        var (_, signedExpiry) = await issuer.ReadUrlAsync(blob, now.AddDays(30), CancellationToken.None);
        Assert.True(signedExpiry <= now.AddDays(7));
        Assert.Equal(1, calls);
    }
}
