using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MessagingConnectors.Storage;
using Microsoft.Extensions.Options;

namespace MessagingConnectors.Media;

/// <summary>A stored file as its blob describes it.</summary>
public sealed record StoredMedia(
    string Id, long Size, FileType? Type, string ContentType, string Sha256, string Purpose, string? FileName,
    DateTimeOffset CreatedOn, DateTimeOffset ExpiresOn);

/// <summary>Why an upload was refused: the HTTP status (400, 413, 415) and a sentence about the file.</summary>
public sealed record MediaRefusal(int Status, string Message);

/// <summary>
/// Files in one Blob container, each blob named by its media id, with its SHA-256, purpose and expiry in
/// the blob metadata. Uploads are streamed in blocks: at most one block of the file is in memory, and
/// nothing is committed (no blob exists) until the whole file has passed the type and size checks.
/// </summary>
public sealed partial class MediaStore(
    StorageClients storage, SasIssuer sas, IOptions<MediaOptions> options, TimeProvider time, ILogger<MediaStore> logger)
{
    /// <summary>
    /// Blocks are about a quarter of the file (1 MB when its length is unknown), between these bounds: the buffer
    /// stays well under the file's size, and a 100 MB file takes 25 round trips, not hundreds.
    /// </summary>
    public const int MinBlockSize = 256 * 1024;

    public const int MaxBlockSize = 4 * 1024 * 1024;
    private const string ShaKey = "sha256";
    private const string PurposeKey = "purpose";
    private const string ExpiresKey = "expires";
    private const string FileNameKey = "filename";

    private readonly MediaOptions _options = options.Value;
    private Task<BlobContainerClient>? _container;

    public MediaOptions Options => _options;

    public static string NewId() => "media_" + Guid.NewGuid().ToString("N");

    private Task<BlobContainerClient> ContainerAsync()
    {
        var task = _container ??= CreateContainerAsync();
        if (task.IsFaulted)
        {
            _container = null;
        }

        return task;
    }

    private async Task<BlobContainerClient> CreateContainerAsync()
    {
        var container = storage.Blobs.GetBlobContainerClient(_options.Container);
        await TableStore.Guard(() => container.CreateIfNotExistsAsync());
        return container;
    }

    /// <summary>
    /// Streams <paramref name="source"/> into a new blob: checks the type from the first bytes and the size as it reads,
    /// hashes it, and commits the blob only when the file fits <paramref name="purpose"/>. <paramref name="sizeHint"/>
    /// (the expected length, if known) sizes the blocks. A file whose content contradicts its name or
    /// <paramref name="declaredContentType"/> is refused before anything is stored.
    /// </summary>
    public async Task<(StoredMedia? Media, MediaRefusal? Refusal)> UploadAsync(
        Stream source, MediaPurpose purpose, string? fileName, string? declaredContentType, long? sizeHint, CancellationToken cancellationToken)
    {
        // Pooled: uploads reuse a few block buffers instead of leaving one on the large object heap each.
        var blockSize = StagingBlockSize(sizeHint);
        var pooled = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            return await UploadAsync(source, pooled.AsMemory(0, blockSize), purpose, fileName, declaredContentType, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    internal static int StagingBlockSize(long? sizeHint) => (int)Math.Clamp((sizeHint ?? MaxBlockSize) / 4, MinBlockSize, MaxBlockSize);

    private async Task<(StoredMedia? Media, MediaRefusal? Refusal)> UploadAsync(
        Stream source, Memory<byte> buffer, MediaPurpose purpose, string? fileName, string? declaredContentType, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var filled = await FillAsync(source, buffer, cancellationToken);
        if (filled == 0)
        {
            return (null, new MediaRefusal(StatusCodes.Status400BadRequest, "is an empty file."));
        }

        var type = FileTypes.Detect(buffer.Span[..Math.Min(filled, FileTypes.PrefixLength)]);
        if ((FileTypes.Contradiction(type, fileName, declaredContentType) ?? purpose.Check(type, filled)) is { } early)
        {
            return (null, new MediaRefusal(early.Status, early.Message));
        }

        var id = NewId();
        var container = await ContainerAsync();
        var blob = container.GetBlockBlobClient(id);
        var blocks = new List<string>();
        long total = 0;
        while (filled > 0)
        {
            total += filled;
            if (total > purpose.MaxBytes)
            {
                // Staged blocks that are never committed are discarded by the service: no blob is left behind.
                return (null, new MediaRefusal(StatusCodes.Status413PayloadTooLarge, purpose.TooLarge(null)));
            }

            hash.AppendData(buffer.Span[..filled]);
            var blockId = Convert.ToBase64String(BitConverter.GetBytes(blocks.Count).Concat(new byte[4]).ToArray());
            using (var block = BinaryData.FromBytes(buffer[..filled]).ToStream())
            {
                await TableStore.Guard(() => blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken));
            }

            blocks.Add(blockId);
            filled = await FillAsync(source, buffer, cancellationToken);
        }

        var media = Describe(id, total, type!, Convert.ToHexStringLower(hash.GetHashAndReset()), purpose.Name, fileName);
        await TableStore.Guard(() => blob.CommitBlockListAsync(blocks, new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = media.ContentType },
            Metadata = Metadata(media),
        }, cancellationToken));
        LogStored(logger, id, total, purpose.Name);
        return (media, null);
    }

    /// <summary>Stores a file that is already in memory and checked (inline content of a send).</summary>
    public async Task<StoredMedia> StoreAsync(ReadOnlyMemory<byte> content, FileType type, MediaPurpose purpose, string? fileName, CancellationToken cancellationToken)
    {
        var id = NewId();
        var media = Describe(id, content.Length, type, Convert.ToHexStringLower(SHA256.HashData(content.Span)), purpose.Name, fileName);
        var container = await ContainerAsync();
        await TableStore.Guard(() => container.GetBlobClient(id).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = media.ContentType },
            Metadata = Metadata(media),
        }, cancellationToken));
        LogStored(logger, id, content.Length, purpose.Name);
        return media;
    }

    /// <summary>The stored file, or null when there is none with this id or it has expired.</summary>
    public async Task<StoredMedia?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!FileInput.MediaIdPattern().IsMatch(id))
        {
            return null;
        }

        var container = await ContainerAsync();
        try
        {
            var properties = (await TableStore.Guard(() => container.GetBlobClient(id).GetPropertiesAsync(cancellationToken: cancellationToken))).Value;
            var media = Read(id, properties.ContentLength, properties.ContentType, properties.Metadata, properties.CreatedOn);
            return media.ExpiresOn <= time.GetUtcNow() ? null : media;
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>The file's bytes (a conversion sends them to ClickSend as base64).</summary>
    public async Task<byte[]> ReadAsync(StoredMedia media, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync();
        var content = await TableStore.Guard(() => container.GetBlobClient(media.Id).DownloadContentAsync(cancellationToken));
        return content.Value.Content.ToArray();
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!FileInput.MediaIdPattern().IsMatch(id))
        {
            return false;
        }

        var container = await ContainerAsync();
        return (await TableStore.Guard(() => container.GetBlobClient(id).DeleteIfExistsAsync(cancellationToken: cancellationToken))).Value;
    }

    /// <summary>A read-only URL of the file, valid until <paramref name="until"/> or the file's expiry, whichever is first.</summary>
    public async Task<(Uri Url, DateTimeOffset ExpiresOn)> ReadUrlAsync(StoredMedia media, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync();
        return await sas.ReadUrlAsync(container.GetBlobClient(media.Id), until < media.ExpiresOn ? until : media.ExpiresOn, cancellationToken);
    }

    /// <summary>The caller's URL: valid for <see cref="MediaOptions.SasMinutes"/>.</summary>
    public Task<(Uri Url, DateTimeOffset ExpiresOn)> CallerUrlAsync(StoredMedia media, CancellationToken cancellationToken) =>
        ReadUrlAsync(media, time.GetUtcNow().AddMinutes(_options.SasMinutes), cancellationToken);

    /// <summary>Deletes every file whose expiry has passed (files without one expire <see cref="MediaOptions.RetentionDays"/> after creation).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var container = await ContainerAsync();
        var now = time.GetUtcNow();
        var deleted = 0;
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, cancellationToken))
        {
            var created = item.Properties.CreatedOn ?? now;
            var expires = item.Metadata.TryGetValue(ExpiresKey, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : created.AddDays(_options.RetentionDays);
            if (expires <= now && (await container.GetBlobClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value)
            {
                deleted++;
            }
        }

        LogExpiredDeleted(logger, deleted);
        return deleted;
    }

    private StoredMedia Describe(string id, long size, FileType type, string sha256, string purpose, string? fileName)
    {
        var now = time.GetUtcNow();
        var created = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return new StoredMedia(id, size, type, type.ContentType, sha256, purpose, CleanFileName(fileName), created, created.AddDays(_options.RetentionDays));
    }

    private static Dictionary<string, string> Metadata(StoredMedia media)
    {
        var metadata = new Dictionary<string, string>
        {
            [ShaKey] = media.Sha256,
            [PurposeKey] = media.Purpose,
            [ExpiresKey] = media.ExpiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        if (media.FileName is not null)
        {
            metadata[FileNameKey] = Uri.EscapeDataString(media.FileName);
        }

        return metadata;
    }

    private StoredMedia Read(string id, long size, string contentType, IDictionary<string, string> metadata, DateTimeOffset created)
    {
        var expires = metadata.TryGetValue(ExpiresKey, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : created.AddDays(_options.RetentionDays);
        return new StoredMedia(id, size, FileTypes.FromContentType(contentType), contentType,
            metadata.TryGetValue(ShaKey, out var sha) ? sha : "", metadata.TryGetValue(PurposeKey, out var purpose) ? purpose : MediaPurpose.General.Name,
            metadata.TryGetValue(FileNameKey, out var name) ? Uri.UnescapeDataString(name) : null, created, expires);
    }

    private static string? CleanFileName(string? name)
    {
        name = Path.GetFileName(name?.Trim());
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        name = new string(name.Where(c => !char.IsControl(c)).ToArray());
        return name.Length > 200 ? name[..200] : name;
    }

    private static async Task<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[filled..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored media {Id}: {Size} bytes for {Purpose}")]
    private static partial void LogStored(ILogger logger, string id, long size, string purpose);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired media files")]
    private static partial void LogExpiredDeleted(ILogger logger, int count);
}
