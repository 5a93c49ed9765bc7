using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using MessagingConnectors.Storage;

namespace MessagingConnectors.Webhooks;

/// <summary>An account's receiver: the stable ID and secret of the one URL a provider calls for the whole account.</summary>
public sealed record AccountReceiver(string Provider, string ReceiverId, string Secret, string SecretHash);

/// <summary>The stored half of an account receiver, as the receiver endpoint finds it by the ID in its URL.</summary>
public sealed record StoredAccountReceiver(string Provider, string ReceiverId, string SecretHash, string? SealedCredential);

/// <summary>
/// Receivers for providers that call one URL per account (Clipsan's change notifications), where the
/// account owner pastes the URL into the provider once and every flow on the account shares it.
/// <para>
/// The URL must stay the same for an account across subscriptions, and nothing in storage may give it
/// away. So: the receiver ID is derived one-way from the account's credential (PBKDF2, so the ID in a
/// logged path does not help guess the credential); the secret is random (32 bytes), stored as a SHA-256
/// hash for the receiver's constant-time check, and also sealed (AES-GCM) under a key derived from the
/// credential, so only a caller presenting the same credential can show the URL again. When a trigger
/// needs to call the provider on a notification, the credential is sealed under the secret, which only
/// the provider's call brings. Storage alone opens neither; the app needs no secret setting of its own.
/// </para>
/// Rows live in the Subscriptions table, partition = provider, row <c>account:{receiverId}</c>.
/// </summary>
public sealed class AccountReceiverStore(TableStore tables, TimeProvider time)
{
    private const int Iterations = 100_000;

    /// <summary>Finds or creates the account's receiver; the same credential always gives the same ID and secret.</summary>
    public async Task<AccountReceiver> GetOrCreateAsync(string provider, string credential, CancellationToken cancellationToken)
    {
        var (receiverId, sealingKey) = Derive(provider, credential);
        var table = await tables.GetTableAsync(SubscriptionStore.TableName, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var found = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(provider, RowKey(receiverId), cancellationToken: cancellationToken));
            if (found.HasValue && found.Value is { } entity)
            {
                var secret = Open(sealingKey, entity.GetString("SealedSecret"), Aad(provider, receiverId, "secret"))
                             ?? throw new InvalidOperationException("The stored receiver secret of this account cannot be opened.");
                return new AccountReceiver(provider, receiverId, secret, entity.GetString("SecretHash") ?? "");
            }

            var created = SubscriptionStore.NewSecret();
            var hash = SubscriptionStore.HashSecret(created);
            var row = new TableEntity(provider, RowKey(receiverId))
            {
                ["SecretHash"] = hash,
                ["SealedSecret"] = Seal(sealingKey, created, Aad(provider, receiverId, "secret")),
                ["CreatedAt"] = time.GetUtcNow(),
            };
            try
            {
                await TableStore.Guard(() => table.AddEntityAsync(row, cancellationToken));
                return new AccountReceiver(provider, receiverId, created, hash);
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt == 0)
            {
                // Another subscription of the same account created it first: use theirs.
            }
        }
    }

    /// <summary>Keeps the account's credential, sealed under the receiver secret, for calls the receiver makes on a notification.</summary>
    public async Task StoreCredentialAsync(AccountReceiver receiver, string credential, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(SubscriptionStore.TableName, cancellationToken);
        var entity = new TableEntity(receiver.Provider, RowKey(receiver.ReceiverId))
        {
            ["SealedCredential"] = Seal(CredentialKey(receiver.Secret), credential, Aad(receiver.Provider, receiver.ReceiverId, "credential")),
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        await TableStore.Guard(() => table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken));
    }

    public async Task<StoredAccountReceiver?> FindAsync(string provider, string receiverId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(SubscriptionStore.TableName, cancellationToken);
        var found = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(provider, RowKey(receiverId), cancellationToken: cancellationToken));
        return found.HasValue && found.Value is { } entity
            ? new StoredAccountReceiver(provider, receiverId, entity.GetString("SecretHash") ?? "", entity.GetString("SealedCredential"))
            : null;
    }

    /// <summary>
    /// The provider rule that feeds an account's receiver (ClickSend's receipt rule), where the app creates one rule per
    /// account rather than one per flow. Kept in its own row so that recording it is an insert: of two subscriptions that
    /// each created a rule at once, one records its rule and the other learns it lost and removes its own.
    /// </summary>
    public async Task<string?> FindRuleAsync(string provider, string receiverId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(SubscriptionStore.TableName, cancellationToken);
        var found = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(provider, RuleRowKey(receiverId), cancellationToken: cancellationToken));
        return found.HasValue ? found.Value?.GetString("RuleId") : null;
    }

    /// <summary>Records the account's rule unless one is recorded already; answers the rule that is recorded now.</summary>
    public async Task<string> RecordRuleAsync(string provider, string receiverId, string ruleId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(SubscriptionStore.TableName, cancellationToken);
        var row = new TableEntity(provider, RuleRowKey(receiverId)) { ["RuleId"] = ruleId, ["CreatedAt"] = time.GetUtcNow() };
        try
        {
            await TableStore.Guard(() => table.AddEntityAsync(row, cancellationToken));
            return ruleId;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await FindRuleAsync(provider, receiverId, cancellationToken) ?? ruleId;
        }
    }

    /// <summary>Forgets the account's rule, if it is still <paramref name="ruleId"/>.</summary>
    public async Task ForgetRuleAsync(string provider, string receiverId, string ruleId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(SubscriptionStore.TableName, cancellationToken);
        var found = await TableStore.Guard(() => table.GetEntityIfExistsAsync<TableEntity>(provider, RuleRowKey(receiverId), cancellationToken: cancellationToken));
        if (!found.HasValue || found.Value is not { } entity || entity.GetString("RuleId") != ruleId)
        {
            return;
        }

        try
        {
            await TableStore.Guard(() => table.DeleteEntityAsync(provider, RuleRowKey(receiverId), entity.ETag, cancellationToken));
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone or replaced meanwhile: either way not this rule's row any more.
        }
    }

    /// <summary>The credential kept by <see cref="StoreCredentialAsync"/>, opened with the secret the provider's call presented.</summary>
    public static string? OpenCredential(StoredAccountReceiver receiver, string secret) =>
        Open(CredentialKey(secret), receiver.SealedCredential, Aad(receiver.Provider, receiver.ReceiverId, "credential"));

    /// <summary>The receiver ID (first 16 bytes) and the key that seals its secret (next 32), from the credential.</summary>
    internal static (string ReceiverId, byte[] SealingKey) Derive(string provider, string credential)
    {
        var salt = Encoding.UTF8.GetBytes($"MessagingConnectors/{provider}/account-receiver");
        var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(credential), salt, Iterations, HashAlgorithmName.SHA256, 48);
        return (Convert.ToHexStringLower(derived.AsSpan(0, 16)), derived[16..]);
    }

    private static byte[] CredentialKey(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "MessagingConnectors/account-credential"u8.ToArray());

    private static string RowKey(string receiverId) => "account:" + receiverId;

    private static string RuleRowKey(string receiverId) => "account-rule:" + receiverId;

    private static byte[] Aad(string provider, string receiverId, string purpose) => Encoding.UTF8.GetBytes($"{provider}/{receiverId}/{purpose}");

    /// <summary>AES-256-GCM: base64 of nonce (12) | tag (16) | ciphertext.</summary>
    private static string Seal(byte[] key, string plaintext, byte[] aad)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[12 + 16 + clear.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), aad);
        return Convert.ToBase64String(sealedBytes);
    }

    private static string? Open(byte[] key, string? sealedText, byte[] aad)
    {
        if (string.IsNullOrEmpty(sealedText))
        {
            return null;
        }

        try
        {
            var sealedBytes = Convert.FromBase64String(sealedText);
            if (sealedBytes.Length < 28)
            {
                return null;
            }

            var clear = new byte[sealedBytes.Length - 28];
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), clear, aad);
            return Encoding.UTF8.GetString(clear);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
