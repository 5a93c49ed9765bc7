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

    private readonly Lazy<TableServiceClient> _tables;
    private readonly Lazy<BlobServiceClient> _blobs;

    /// <summary>
    /// Checks the settings now, so a missing one stops the app at startup; the SDK clients themselves (tens of
    /// milliseconds to create) are made on first use, which <see cref="StartupWarmUp"/> brings forward off the
    /// startup path.
    /// </summary>
    public StorageClients(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        var connectionString = section.Value;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            _tables = new(() => new TableServiceClient(connectionString, WithRetries(new TableClientOptions())));
            _blobs = new(() => new BlobServiceClient(connectionString, WithRetries(new BlobClientOptions())));
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

        var clientId = section["clientId"];
        var credential = new Lazy<TokenCredential>(() => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }));
        _tables = new(() => new TableServiceClient(new Uri(tableUri), credential.Value, WithRetries(new TableClientOptions())));
        _blobs = new(() => new BlobServiceClient(new Uri(blobUri), credential.Value, WithRetries(new BlobClientOptions())));
        UsesManagedIdentity = true;
    }

    public TableServiceClient Tables => _tables.Value;

    public BlobServiceClient Blobs => _blobs.Value;

    public bool UsesManagedIdentity { get; }

    // Fail fast when storage is down: callers get 503 in seconds, not after minutes of SDK retries.
    private static TOptions WithRetries<TOptions>(TOptions options) where TOptions : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
