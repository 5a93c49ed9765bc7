using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Media;

/// <summary>
/// A file input of a send action: an http(s) URL, a media id from <c>POST /api/media</c>
/// (<c>media_</c> and 32 hex digits), or the file itself, as a base64 string or as an object:
/// Power Automate's file content <c>{"$content-type", "$content"}</c> or <c>{file_name, content_type, content}</c>.
/// Content is decoded once, straight from the JSON bytes; what ClickSend receives is <see cref="Resolved"/>.
/// </summary>
[JsonConverter(typeof(FileInputConverter))]
public sealed partial class FileInput
{
    public string? Url { get; private init; }

    public string? MediaId { get; private init; }

    /// <summary>The decoded file when the caller sent its content.</summary>
    public ReadOnlyMemory<byte>? Content { get; internal set; }

    /// <summary>The type recognised from the content, once checked.</summary>
    public FileType? DetectedType { get; internal set; }

    public string? FileName { get; private init; }

    public string? DeclaredContentType { get; private init; }

    /// <summary>Why the value is not a usable file input (bad base64, unknown shape), or null.</summary>
    public string? Problem { get; private init; }

    /// <summary>The URL (or, for conversions, the base64 content) sent upstream once the input is resolved.</summary>
    public string? Resolved { get; set; }

    /// <summary>Write the content itself as base64 when serialised upstream (ClickSend's conversion takes content, not a URL).</summary>
    public bool WriteContent { get; set; }

    private string? _contentHash;

    public string ContentHash => _contentHash ??= Convert.ToHexStringLower(SHA256.HashData(Content!.Value.Span));

    public static FileInput FromUrl(string url) => new() { Url = url };

    public static FileInput FromMediaId(string id) => new() { MediaId = id };

    public static FileInput FromContent(byte[] content, string? fileName = null, string? contentType = null) =>
        new() { Content = content, FileName = fileName, DeclaredContentType = contentType };

    internal static FileInput Invalid(string problem) => new() { Problem = problem };

    public const string Forms = "must be an http or https URL, a media id (media_ and 32 hex digits) or the file content (base64, or a file content object)";

    [GeneratedRegex(@"^media_[0-9a-f]{32}\z")]
    public static partial Regex MediaIdPattern();

    public static FileInput FromString(string value)
    {
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out _) ? FromUrl(value) : Invalid(Forms + "; this URL is not valid.");
        }

        return MediaIdPattern().IsMatch(value) ? FromMediaId(value) : Invalid(Forms + ".");
    }

    /// <summary>Decodes base64 UTF-8 into a new array of exactly the file's size (the only copy of the file), or null when it is not base64.</summary>
    internal static byte[]? DecodeBase64(ReadOnlySpan<byte> utf8)
    {
        if (!Base64.IsValid(utf8, out var length))
        {
            return null;
        }

        var bytes = new byte[length];
        var status = Base64.DecodeFromUtf8(utf8, bytes, out _, out var written);
        return status == OperationStatus.Done && written == length ? bytes : null;
    }
}

/// <summary>Reads every accepted form of <see cref="FileInput"/>; writes the resolved URL, or a stable stand-in before resolution (the idempotency hash).</summary>
public sealed class FileInputConverter : JsonConverter<FileInput>
{
    public override FileInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return ReadString(ref reader);
            case JsonTokenType.StartObject:
                return ReadObject(ref reader);
            default:
                reader.Skip();
                return FileInput.Invalid(FileInput.Forms + ".");
        }
    }

    private static FileInput ReadString(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length == 0)
        {
            return FileInput.FromContent([]);
        }

        // URLs and ids are short; anything long is content and is decoded without a string copy.
        if (length <= 2048)
        {
            var text = reader.GetString()!;
            if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || FileInput.MediaIdPattern().IsMatch(text))
            {
                return FileInput.FromString(text);
            }
        }

        var content = DecodeString(ref reader, length);
        return content is null ? FileInput.Invalid(FileInput.Forms + "; this is not valid base64.") : FileInput.FromContent(content);
    }

    private static byte[]? DecodeString(ref Utf8JsonReader reader, int length)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return FileInput.DecodeBase64(reader.ValueSpan);
        }

        // Escaped ("\/", "\u002B") or split across buffers: unescape into a pooled buffer first.
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(buffer);
            return FileInput.DecodeBase64(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileInput ReadObject(ref Utf8JsonReader reader)
    {
        string? fileName = null, contentType = null;
        byte[]? content = null;
        var hasContent = false;
        string? problem = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "$content" or "content" when reader.TokenType == JsonTokenType.String:
                    hasContent = true;
                    var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                    content = length == 0 ? [] : DecodeString(ref reader, length);
                    problem ??= content is null ? "content is not valid base64." : null;
                    break;
                case "$content-type" or "content_type" when reader.TokenType is JsonTokenType.String or JsonTokenType.Null:
                    contentType = reader.GetString();
                    break;
                case "file_name" when reader.TokenType is JsonTokenType.String or JsonTokenType.Null:
                    fileName = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    problem ??= $"has an unexpected property '{name}': a file content object has $content and $content-type, or content, content_type and file_name.";
                    break;
            }
        }

        if (problem is not null)
        {
            return FileInput.Invalid(problem);
        }

        return hasContent ? FileInput.FromContent(content!, fileName, contentType) : FileInput.Invalid("is a file content object without content ($content or content).");
    }

    public override void Write(Utf8JsonWriter writer, FileInput value, JsonSerializerOptions options)
    {
        if (value.WriteContent && value.Content is { } content)
        {
            writer.WriteBase64StringValue(content.Span);
        }
        else if (value.Resolved is not null)
        {
            writer.WriteStringValue(value.Resolved);
        }
        else if (value.Url is not null || value.MediaId is not null)
        {
            writer.WriteStringValue(value.Url ?? value.MediaId);
        }
        else if (value.Content is not null)
        {
            // Stands in for the content in the idempotency hash: same file, same hash, without a base64 copy.
            writer.WriteStringValue($"sha256:{value.ContentHash}");
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A file input that reads as one: a URL, a media ID or content that is not empty (the reader names what it could not read).</summary>
public sealed class ReadableFileAttribute : RuleAttribute
{
    public override string? Check(object value, object model) => value switch
    {
        FileInput { Problem: { } problem } => problem,
        FileInput { Content.Length: 0 } => "is an empty file.",
        _ => null,
    };

    /// <summary>
    /// The string forms the document can state: an http(s) URL, a media ID, or base64 content (the file content object a
    /// Power Automate step passes is read too; a schema typed string cannot also say so).
    /// </summary>
    public override void Describe(FieldConstraints constraints) =>
        constraints.Pattern = @"^(https?://\S+|media_[0-9a-f]{32}|([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=))$";

    public override object? Example => "https://example.com/file.pdf";
}

