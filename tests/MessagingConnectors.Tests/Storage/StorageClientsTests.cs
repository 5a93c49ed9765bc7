using MessagingConnectors.Storage;
using Microsoft.Extensions.Configuration;

namespace MessagingConnectors.Tests.Storage;

public sealed class StorageClientsTests
{
    private static StorageClients From(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void A_connection_string_gives_key_based_clients_for_its_endpoints()
    {
        var clients = From(new()
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10500/devstoreaccount1;TableEndpoint=http://127.0.0.1:10502/devstoreaccount1;",
        });

        Assert.False(clients.UsesManagedIdentity);
        Assert.Equal(new Uri("http://127.0.0.1:10500/devstoreaccount1"), clients.Blobs.Uri);
        Assert.Equal("devstoreaccount1", clients.Tables.AccountName);
        Assert.True(clients.Blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public void Development_storage_points_at_azurites_default_ports()
    {
        var clients = From(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        Assert.False(clients.UsesManagedIdentity);
        Assert.Equal(10000, clients.Blobs.Uri.Port);
    }

    /// <summary>What the Bicep template sets in Azure: identity-based settings with the user-assigned identity's client id.</summary>
    [Fact]
    public void Identity_based_settings_bind_to_token_clients_for_the_configured_service_uris()
    {
        var clients = From(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://stmsgconn.blob.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://stmsgconn.table.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://stmsgconn.queue.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000042",
        });

        Assert.True(clients.UsesManagedIdentity);
        Assert.Equal(new Uri("https://stmsgconn.blob.core.windows.net"), clients.Blobs.Uri);
        Assert.Equal("stmsgconn", clients.Tables.AccountName);
        // A token credential cannot sign SAS with an account key: media links must use a user delegation key.
        Assert.False(clients.Blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public void Environment_variable_names_with_double_underscores_bind_the_same_way()
    {
        const string prefix = "MC_STORAGE_TEST_";
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__blobServiceUri", "https://stenv.blob.core.windows.net");
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__tableServiceUri", "https://stenv.table.core.windows.net");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var clients = new StorageClients(configuration);
            Assert.True(clients.UsesManagedIdentity);
            Assert.Equal("stenv", clients.Blobs.AccountName);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__blobServiceUri", null);
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__tableServiceUri", null);
        }
    }

    [Fact]
    public void Missing_storage_settings_fail_with_a_message_naming_both_ways()
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(new()));
        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("blobServiceUri", error.Message, StringComparison.Ordinal);
    }
}
