using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace MessagingConnectors.Storage;

/// <summary>
/// Blob and Table clients from the Functions storage settings: the <c>AzureWebJobsStorage</c>
/// connection string (Azurite locally), or the identity-based <c>AzureWebJobsStorage__blobServiceUri</c>
/// and <c>__tableServiceUri</c> with DefaultAzureCredential (managed identity in Azure).
/// </summary>
public sealed class StorageClients
{
    public const string Setting = "AzureWebJobsStorage";

    public StorageClients(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        var connectionString = section.Value;
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        ConfigureRetries(tableOptions);
        ConfigureRetries(blobOptions);

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            UsesManagedIdentity = false;
            return;
        }

        var blobUri = section["blobServiceUri"];
        var tableUri = section["tableServiceUri"];
        if (string.IsNullOrWhiteSpace(blobUri) || string.IsNullOrWhiteSpace(tableUri))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {Setting} to a connection string (UseDevelopmentStorage=true for Azurite), " +
                $"or {Setting}__blobServiceUri and {Setting}__tableServiceUri for managed identity.");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = section["clientId"],
        });
        Tables = new TableServiceClient(new Uri(tableUri), credential, tableOptions);
        Blobs = new BlobServiceClient(new Uri(blobUri), credential, blobOptions);
        UsesManagedIdentity = true;
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public bool UsesManagedIdentity { get; }

    // Fail fast when storage is down: callers get 503 in seconds, not after minutes of SDK retries.
    private static void ConfigureRetries(ClientOptions options)
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }
}
