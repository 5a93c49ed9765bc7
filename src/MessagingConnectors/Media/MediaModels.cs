using System.Text.Json.Serialization;
using MessagingConnectors.OpenApi;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Mvc;

namespace MessagingConnectors.Media;

/// <summary>The JSON form of an upload (what Power Automate sends for file content).</summary>
/// <remarks>
/// The upload is read as a stream (<see cref="JsonBase64Upload"/>), never into this type: it describes the JSON form in
/// the document, where <c>byte[]</c> is <c>format: byte</c>, the form Power Automate passes a file's content in.
/// </remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class MediaUploadRequest
{
    [JsonPropertyName("purpose")]
    [ApiField("Purpose", "What the file is for (mms, fax, letter, postcard, convert-fax, convert-mms, convert-csv, convert-post, convert-postcard, general); sets the size limit and accepted types. Put it before content, or use the purpose query parameter.", Visibility = Visibility.Important)]
    public string? Purpose { get; set; }

    [JsonPropertyName("file_name")]
    [ApiField("File Name", "Name of the file, kept with it.", Visibility = Visibility.Advanced)]
    public string? FileName { get; set; }

    [JsonPropertyName("content_type")]
    [ApiField("Content Type", "Declared content type; the stored type is recognised from the bytes.", Visibility = Visibility.Advanced)]
    public string? ContentType { get; set; }

    [JsonPropertyName("content")]
    [ApiField("File Content", "The file's content, base64-encoded; in a flow, the file content of a previous step.", Visibility = Visibility.Important, Required = true)]
    public byte[]? Content { get; set; }
}

/// <summary>A stored file and a short-lived read-only URL of it.</summary>
public sealed class MediaFile
{
    [JsonPropertyName("id")]
    [ApiField("Media ID", "ID of the file; give it to any file input of a send action.", Visibility = Visibility.Important)]
    public required string Id { get; init; }

    [JsonPropertyName("size")]
    [ApiField("Size", "Size in bytes.")]
    public long Size { get; init; }

    [JsonPropertyName("content_type")]
    [ApiField("Content Type", "Content type recognised from the file's bytes.")]
    public required string ContentType { get; init; }

    [JsonPropertyName("type")]
    [ApiField("Type", "The file type: PDF, JPEG, PNG, GIF, BMP, DOC, DOCX, XLSX or text.")]
    public string? Type { get; init; }

    [JsonPropertyName("sha256")]
    [ApiField("SHA-256", "SHA-256 of the content, in lowercase hex.")]
    public required string Sha256 { get; init; }

    [JsonPropertyName("purpose")]
    [ApiField("Purpose", "What the file was checked for.")]
    public required string Purpose { get; init; }

    [JsonPropertyName("file_name")]
    [ApiField("File Name", "Name of the file, if one was given.")]
    public string? FileName { get; init; }

    [JsonPropertyName("created_at")]
    [ApiField("Created At", "When the file was stored.")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("expires_at")]
    [ApiField("Expires At", "When the file is deleted.", Visibility = Visibility.Important)]
    public DateTimeOffset ExpiresAt { get; init; }

    [JsonPropertyName("url")]
    [ApiField("URL", "Read-only URL of the file (a SAS URL), valid until url_expires_at.", Visibility = Visibility.Important)]
    public required string Url { get; init; }

    [JsonPropertyName("url_expires_at")]
    [ApiField("URL Expires At", "When the URL stops working; get the file again for a fresh one.")]
    public DateTimeOffset UrlExpiresAt { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(MediaUploadRequest))]
[JsonSerializable(typeof(MediaFile))]
[JsonSerializable(typeof(MediaDeleted))]
[JsonSerializable(typeof(FileInput))]
internal sealed partial class MediaJson : JsonSerializerContext;

/// <summary>Answer to a delete: a body like every other delete of the API, so a flow can read it.</summary>
public sealed record MediaDeleted(
    [property: JsonPropertyName("id")][property: ApiField("Media ID", "The deleted file.")] string Id,
    [property: JsonPropertyName("deleted")][property: ApiField("Deleted", "True once the file is gone.")] bool Deleted);

/// <summary>
/// Marks an endpoint that takes one file in three forms, for the document: multipart/form-data with the file in
/// <paramref name="FilePart"/>, JSON shaped as <paramref name="JsonForm"/> (content base64), or the raw body in one of
/// <paramref name="RawTypes"/>.
/// </summary>
public sealed record FileUploadMetadata(Type JsonForm, string FilePart, IReadOnlyList<string> RawTypes);

/// <summary>The query of an upload: the file's purpose, and its name for a raw body.</summary>
public sealed class MediaUploadQuery
{
    [FromQuery(Name = "purpose"), OneOf(typeof(MediaPurpose), nameof(MediaPurpose.Names), IgnoreCase = true),
     ApiField("Purpose", "What the file is for: mms, fax, letter, postcard, convert-fax, convert-mms, convert-csv, convert-post, convert-postcard or general (the default).", Visibility = Visibility.Important, Example = "general")]
    public string? Purpose { get; init; }

    [FromQuery(Name = "file_name"), Text(255), ApiField("File Name", "Name of the file, for a raw body (multipart and JSON carry their own).", Visibility = Visibility.Advanced, Example = "letter.pdf")]
    public string? FileName { get; init; }
}
