using System.Text.Unicode;

namespace MessagingConnectors.Media;

/// <summary>A file type recognised from its first bytes.</summary>
public sealed record FileType(string Name, string ContentType, string Extension)
{
    /// <summary>"a PDF file", "an XLSX file".</summary>
    public string Noun => Validation.Wording.WithArticle(Name) + " file";
}

/// <summary>
/// Recognises a file by its content (magic bytes), never by the name or the declared content type:
/// PDF, JPEG, PNG, GIF, BMP, Word (DOC and DOCX), Excel (XLSX) and plain text (CSV).
/// </summary>
public static class FileTypes
{
    /// <summary>Bytes of the file's start that <see cref="Detect"/> looks at: enough to find DOCX/XLSX part names.</summary>
    public const int PrefixLength = 64 * 1024;

    public static readonly FileType Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly FileType Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly FileType Png = new("PNG", "image/png", ".png");
    public static readonly FileType Gif = new("GIF", "image/gif", ".gif");
    public static readonly FileType Bmp = new("BMP", "image/bmp", ".bmp");

    /// <summary>An OLE compound file: Word 97-2003 (also the container of old Excel and PowerPoint files).</summary>
    public static readonly FileType Doc = new("DOC", "application/msword", ".doc");
    public static readonly FileType Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly FileType Xlsx = new("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly FileType Text = new("text", "text/plain", ".txt");

    public static IReadOnlyList<FileType> All { get; } = [Pdf, Jpeg, Png, Gif, Bmp, Doc, Docx, Xlsx, Text];

    /// <summary>Other names that media types and file names use for the same types.</summary>
    private static readonly Dictionary<string, FileType> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpg"] = Jpeg, ["image/pjpeg"] = Jpeg, ["image/x-ms-bmp"] = Bmp, ["text/csv"] = Text, ["application/csv"] = Text,
        [".jpeg"] = Jpeg, [".jpe"] = Jpeg, [".csv"] = Text,
    };

    /// <summary>The known type a media type names (parameters such as charset ignored), or null for any other, e.g. application/octet-stream.</summary>
    public static FileType? FromContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return All.FirstOrDefault(t => string.Equals(t.ContentType, mediaType, StringComparison.OrdinalIgnoreCase))
            ?? (mediaType is null ? null : Aliases.GetValueOrDefault(mediaType));
    }

    /// <summary>The known type a file name's (or URL path's) extension names, or null for no extension or another one.</summary>
    public static FileType? FromFileName(string? fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (string.IsNullOrEmpty(extension))
        {
            return null;
        }

        return All.FirstOrDefault(t => string.Equals(t.Extension, extension, StringComparison.OrdinalIgnoreCase)) ?? Aliases.GetValueOrDefault(extension);
    }

    /// <summary>
    /// Why a file is not what its name or declared media type say (415 and a message naming both sides), or null when
    /// they agree with its content or name nothing this app knows. Content of an unrecognised type is the purpose's to refuse.
    /// </summary>
    public static (int Status, string Message)? Contradiction(FileType? detected, string? fileName, string? declaredContentType)
    {
        if (detected is null)
        {
            return null;
        }

        var claims = new List<string>();
        if (FromFileName(fileName) is { } named && named != detected)
        {
            claims.Add($"is named {fileName}, {Validation.Wording.WithArticle(named.Name)} file name");
        }

        if (FromContentType(declaredContentType) is { } declared && declared != detected)
        {
            claims.Add($"is declared as {declaredContentType} ({declared.Name})");
        }

        return claims.Count == 0
            ? null
            : (StatusCodes.Status415UnsupportedMediaType, $"{string.Join(" and ", claims)}, but its content is {detected.Noun}.");
    }

    /// <summary>The type of a file from its first bytes (up to <see cref="PrefixLength"/>), or null when it is none of the known ones.</summary>
    public static FileType? Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (prefix.StartsWith("GIF87a"u8) || prefix.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (prefix.Length >= 26 && prefix.StartsWith("BM"u8) && BitConverter.ToUInt32(prefix[14..18]) is 12 or 40 or 52 or 56 or 64 or 108 or 124)
        {
            return Bmp;
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return Doc;
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            // Office Open XML: the part names sit uncompressed in the local file headers near the start.
            return prefix.IndexOf("word/"u8) >= 0 ? Docx : prefix.IndexOf("xl/"u8) >= 0 ? Xlsx : null;
        }

        return IsText(prefix) ? Text : null;
    }

    private static bool IsText(ReadOnlySpan<byte> prefix)
    {
        if (prefix.IsEmpty || prefix.Contains((byte)0))
        {
            return false;
        }

        // The prefix may end inside a multi-byte character: ignore up to three trailing bytes.
        for (var trim = 0; trim <= Math.Min(3, prefix.Length - 1); trim++)
        {
            if (Utf8.IsValid(prefix[..^trim]))
            {
                foreach (var b in prefix[..^trim])
                {
                    if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }
}
